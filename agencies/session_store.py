"""The session engine (SESSION_ENGINE): Django's database sessions, whose signed-in sessions keep their
SignedInSession row (agencies.sessions) when their key changes. The key changes after the password (Django's login),
after the second factor, and when the password or the session stamp changes (update_session_auth_hash); a row left
under the old key would escape the limit of sessions per account and not tell a session that ran out from one that
never was signed in (agencies.session_expiry)."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def cycle_key(self) -> None:
        from agencies.models import SignedInSession  # as Django's engine does: models only once they are needed

        old = self.session_key
        super().cycle_key()
        if old and old != self.session_key:
            SignedInSession.objects.filter(session_key=old).update(session_key=self.session_key)
