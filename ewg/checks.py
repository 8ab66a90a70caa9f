"""The product's own deployment checks, run by `manage.py check --deploy` beside Django's: what the security
evidence (SECURITY.md) relies on must not be configured away."""

from django.conf import settings
from django.core.checks import Error, Tags, register

REQUIRED_MIDDLEWARE = {
    "ewg.security.SecurityHeadersMiddleware": "the Content-Security-Policy and the other security headers",
    "ewg.security.RequestSizeLimitMiddleware": "the limit on request bodies",
    "agencies.sessions.AbsoluteLifetimeMiddleware": "the absolute session lifetime",
    "agencies.second_factor.SecondFactorMiddleware": "the second factor",
    "axes.middleware.AxesMiddleware": "the sign-in limits",
}
LONGEST_IDLE_SECONDS = 3600
LONGEST_SESSION_SECONDS = 12 * 3600
LONGEST_SECOND_FACTOR_GRACE_DAYS = 30


@register(Tags.security, deploy=True)
def security_settings(app_configs, **kwargs) -> list[Error]:
    errors = []
    for path, purpose in REQUIRED_MIDDLEWARE.items():
        if path not in settings.MIDDLEWARE:
            errors.append(Error(f"{path} is missing from MIDDLEWARE: it carries {purpose}.", id="ewg.E001"))
    policy = settings.CONTENT_SECURITY_POLICY
    script_src = _sources(policy, "script-src") or _sources(policy, "default-src")
    if not script_src or {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(script_src):
        errors.append(Error("CONTENT_SECURITY_POLICY must allow scripts from the origin only.", id="ewg.E002"))
    if settings.SESSION_COOKIE_AGE > LONGEST_IDLE_SECONDS:
        errors.append(Error(f"SESSION_IDLE_SECONDS above {LONGEST_IDLE_SECONDS}.", id="ewg.E003"))
    if settings.SESSION_ABSOLUTE_SECONDS > LONGEST_SESSION_SECONDS:
        errors.append(Error(f"SESSION_ABSOLUTE_SECONDS above {LONGEST_SESSION_SECONDS}.", id="ewg.E004"))
    if settings.SECOND_FACTOR_GRACE_DAYS > LONGEST_SECOND_FACTOR_GRACE_DAYS:
        errors.append(Error(f"SECOND_FACTOR_GRACE_DAYS above {LONGEST_SECOND_FACTOR_GRACE_DAYS}.", id="ewg.E005"))
    return errors


def _sources(policy: str, directive: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == directive:
            return words[1:]
    return []
