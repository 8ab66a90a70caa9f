"""A search of the case list by name travels in the body of a POST and is kept in the session under a random
token; the address holds only the token (`?s=…`), so that names stay out of URLs: out of the browser's history,
bookmarks, and the access logs of proxies and servers."""

import secrets

SESSION_KEY = "case_searches"
KEPT = 20  # the latest searches of the session, so that the back button and the pager keep working


def remember(session, criteria: dict[str, str]) -> str:
    """Keep the criteria and return their token; the oldest of more than KEPT searches is forgotten."""
    searches = dict(session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(9)
    searches[token] = criteria
    session[SESSION_KEY] = dict(list(searches.items())[-KEPT:])
    return token


def recall(session, token: str | None) -> dict[str, str]:
    """The criteria of a token of this session; nothing for an unknown or forgotten one (the whole list)."""
    return dict(session.get(SESSION_KEY, {}).get(token or "", {}))
