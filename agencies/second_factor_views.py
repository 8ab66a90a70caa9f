"""The account holder's own pages of the second factor: entering it after the password, setting it up, recovery
codes. The administrator's reset and deadline are on the account page (agencies.views)."""

from base64 import b32encode
from binascii import unhexlify

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from agencies import second_factor
from agencies.forms import PasswordConfirmForm, SecondFactorForm, SecondFactorSetupForm
from ewg.refusals import add_refusal


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@second_factor.second_factor_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    state = second_factor.state_of(request)
    if state.blocking == "enrol":
        return redirect("second_factor_setup")
    if state.blocking is None:
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            left = second_factor.verify(request=request, token=form.cleaned_data["token"])
        except ValidationError as error:
            add_refusal(form, error)
        else:
            if left is not None:
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(count)d code is left; create new ones on the page "
                        "of your second factor.",
                        "You signed in with a recovery code. %(count)d codes are left; create new ones on the page "
                        "of your second factor when few are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "registration/second_factor_verify.html", context, status=400 if form.errors else 200)


def _qr_svg(url: str) -> str:
    # Dark modules on a white ground whatever the colour scheme, so that a phone's camera reads it.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff"))  # noqa: S308 - built from our own data


@second_factor.second_factor_exempt
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    state = second_factor.state_of(request)
    if state.enrolled and not state.verified:
        # Only a session that holds the current factor may replace it; the password alone never does.
        return redirect("second_factor_verify")
    key = second_factor.pending_key(request)
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.enrol(request=request, key=key, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            request.session[second_factor.NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("Your second factor is set up. Keep the recovery codes below in a safe place."))
            return redirect("second_factor")
    device = second_factor.provisioning_device(request.user, key)
    context = {
        "form": form,
        "state": state,
        "qr": _qr_svg(device.config_url),
        "secret": " ".join(_groups(b32encode(unhexlify(key)).decode())),
    }
    return render(request, "agencies/second_factor_setup.html", context, status=400 if form.errors else 200)


def _groups(text: str, size: int = 4) -> list[str]:
    return [text[index : index + size] for index in range(0, len(text), size)]


def _overview(request: HttpRequest, form: PasswordConfirmForm | None = None) -> HttpResponse:
    state = second_factor.state_of(request)
    context = {
        "state": state,
        "codes": request.session.pop(second_factor.NEW_CODES_SESSION_KEY, None),
        "codes_left": second_factor.recovery_codes_left(request.user) if state.enrolled else 0,
        "renew_form": form or PasswordConfirmForm(),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "agencies/second_factor.html", context, status=status)


@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request)


@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        try:
            codes = second_factor.recovery_codes_renew(request=request, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            request.session[second_factor.NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("New recovery codes were created; the earlier ones no longer work."))
            return redirect("second_factor")
    return _overview(request, form)
