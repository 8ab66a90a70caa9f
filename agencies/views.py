"""Account management by agency administrators, and the choice of the active membership."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from agencies import outbox, second_factor, selectors, services
from agencies.forms import AccountCreateForm, RoleForm, SecondFactorDueForm, SecondFactorResetForm
from agencies.middleware import SESSION_KEY
from agencies.permissions import grantable_roles, needs_second_factor, roles_to_change_to
from ewg.confirm import confirmation_page
from ewg.refusals import add_refusal

PAGE_SIZE = 50


def _require_admin(request: HttpRequest) -> None:
    # Without an admin membership the account pages do not exist for this user.
    if not selectors.managed_agency_ids(request.membership):
        raise Http404


@require_http_methods(["GET"])
def account_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.accounts_visible_to(request.membership, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "search": search, "query": urlencode({"q": search}) if search else ""}
    template = "agencies/_account_search_result.html" if request.htmx else "agencies/account_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    agencies = selectors.managed_agencies(request.membership)
    roles = {role for agency in agencies for role in grantable_roles(request.membership, agency, user=request.user)}
    form = AccountCreateForm(request.POST or None, agencies=agencies, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.account_create(actor=request.user, acting=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(
                request,
                _("The account %(username)s was created. An invitation has been sent to %(email)s.")
                % {"username": membership.user.username, "email": membership.user.email},
            )
            return redirect("agencies:account_detail", pk=membership.pk)
    return render(request, "agencies/account_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    membership = selectors.get_account_for_admin(request.membership, pk)
    roles = roles_to_change_to(request.membership, membership, user=request.user)
    form = RoleForm(request.POST or None, initial={"role": membership.role}, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                actor=request.user, acting=request.membership, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("agencies:account_detail", pk=membership.pk)
    return _account_page(request, membership, form=form if roles else None, status=400 if form.errors else 200)


def _account_page(
    request: HttpRequest, membership, *, form=None, reset_form=None, due_form=None, status: int = 200
) -> HttpResponse:
    own = membership.user_id == request.user.pk
    due_form = due_form or SecondFactorDueForm(initial={"due_on": membership.user.second_factor_due_on})
    context = {
        "account": membership,
        "form": form,
        "reset_form": None if own else reset_form or SecondFactorResetForm(),
        "due_form": None if own else due_form,
        "needs_second_factor": needs_second_factor(membership.user, [membership]),
    }
    return render(request, "agencies/account_detail.html", context, status=status)


def _second_factor_action(request: HttpRequest, pk: int, form_class, service, success: str) -> HttpResponse:
    _require_admin(request)
    membership = selectors.get_account_for_admin(request.membership, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, acting=request.membership, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, success)
            return redirect("agencies:account_detail", pk=membership.pk)
    key = "reset_form" if form_class is SecondFactorResetForm else "due_form"
    return _account_page(request, membership, status=400, **{key: form})


@require_POST
def account_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    return _second_factor_action(
        request,
        pk,
        SecondFactorResetForm,
        second_factor.second_factor_reset,
        _("The second factor was reset; the account sets up a new one at its next sign-in."),
    )


@require_POST
def account_second_factor_due(request: HttpRequest, pk: int) -> HttpResponse:
    return _second_factor_action(
        request, pk, SecondFactorDueForm, second_factor.second_factor_set_due, _("The deadline was saved.")
    )


def _account_action(request: HttpRequest, pk: int, service, success: str) -> HttpResponse:
    _require_admin(request)
    membership = selectors.get_account_for_admin(request.membership, pk)
    try:
        service(actor=request.user, acting=request.membership, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("agencies:account_detail", pk=membership.pk)


def _deactivation_page(request: HttpRequest, membership) -> HttpResponse:
    """What deactivating does, as services.membership_deactivate does it."""
    user, agency = membership.user, membership.agency.name
    others = selectors.other_active_membership_count(membership)
    consequences = [
        _(
            "The account's membership in %(agency)s ends now, and every session of the account that is open right "
            "now ends."
        )
        % {"agency": agency}
    ]
    if others:
        consequences.append(
            ngettext(
                "The account keeps %(count)s other active membership and can still sign in for it.",
                "The account keeps %(count)s other active memberships and can still sign in for them.",
                others,
            )
            % {"count": others}
        )
    else:
        consequences.append(_("It has no other active membership: the account can no longer sign in."))
    consequences.append(
        _(
            "Nothing is deleted: the membership stays in the list and in the protocols of what the account did, and "
            "it can be reactivated."
        )
    )
    if not others:
        consequences.append(
            _("An account that stays deactivated is anonymised once the retention period for accounts has passed.")
        )
    return confirmation_page(
        request,
        heading=_("Deactivate the account of %(name)s at %(agency)s")
        % {"name": user.get_full_name() or user.username, "agency": agency},
        consequences=consequences,
        final=False,
        cancel_url=reverse("agencies:account_detail", args=[membership.pk]),
    )


@require_http_methods(["GET", "POST"])
def account_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what deactivating the account does; POST: deactivate it."""
    if request.method == "POST":
        return _account_action(
            request, pk, services.membership_deactivate, _("The account was deactivated; its open sessions have ended.")
        )
    _require_admin(request)
    membership = selectors.get_account_for_admin(request.membership, pk)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    elif not membership.is_active:
        messages.info(request, _("This account is already deactivated."))
    else:
        return _deactivation_page(request, membership)
    return redirect("agencies:account_detail", pk=membership.pk)


@require_POST
def account_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_action(request, pk, services.membership_reactivate, _("The account was reactivated."))


@require_http_methods(["GET"])
def undelivered_emails(request: HttpRequest) -> HttpResponse:
    """The e-mails of the administrator's agencies that were abandoned after their last attempt. No bodies: they may
    hold a password-reset link."""
    _require_admin(request)
    page = Paginator(selectors.abandoned_emails_visible_to(request.membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "agencies/undelivered_emails.html", {"page": page})


@require_POST
def undelivered_email_resend(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    email = selectors.get_abandoned_email_for_admin(request.membership, pk)
    try:
        outbox.email_resend(actor=request.user, acting=request.membership, email=email)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The e-mail to %(to)s is being sent again.") % {"to": email.to})
    return redirect("agencies:undelivered_emails")


@require_POST
def membership_switch(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("membership", ""))
    except ValueError:
        raise Http404 from None
    if wanted not in {m.pk for m in request.memberships}:
        raise Http404
    request.session[SESSION_KEY] = wanted
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "home"
    return redirect(target)
