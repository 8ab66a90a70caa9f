"""The key of a user's drafts: long texts typed into forms are kept in the browser, encrypted with it
(static/js/drafts.js), so that a form sent into an expired session loses nothing and nobody else at the same
workstation can read them. The text never reaches the server before the form is sent.

The key is derived, not stored: from SECRET_KEY, the account and its session hash (its password hash and session
stamp). Whatever ends every session of the account (a new password, a second factor set up or reset, new recovery
codes) and a new SECRET_KEY also make the drafts written before unreadable; the browser then discards them.
"""

from base64 import b64encode

from django.utils.crypto import salted_hmac

from agencies.models import User


def draft_key(user: User) -> str:
    """32 bytes, base64: given only to the signed-in account, in its pages (never cached: ewg.security)."""
    digest = salted_hmac(
        "agencies.drafts.draft_key", f"{user.pk}:{user.get_session_auth_hash()}", algorithm="sha256"
    ).digest()
    return b64encode(digest).decode("ascii")
