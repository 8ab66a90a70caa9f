"""What confirming an action on a case will do, in words computed from the data: the text of its confirmation page
(ewg/confirm.py), a heading that names the action and its object and the sentences that say what will happen."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases import selectors
from cases.models import Case, CaseShare, Consent, Person, PlanStep
from cases.models.choices import CaseKind, CasePhase, ConsentUse, DataCategory

CATEGORY_LABELS = dict(DataCategory.choices)


@dataclass
class Confirmation:
    heading: str
    consequences: list[str]
    # The action and its object without the person's name: with the case's number, the page's title (cases/titles.py).
    action: str
    final: bool = True  # nothing in the product undoes it


def _name(person: Person) -> str:
    return f"{person.given_names} {person.family_name}"


def _day(value) -> str:
    return value.strftime("%d.%m.%Y")


def _categories(codes: list[str]) -> str:
    return ", ".join(str(CATEGORY_LABELS.get(code, code)) for code in codes)


def _share(share: CaseShare, case: Case) -> str:
    if share.case_id != case.pk:
        return _("%(agency)s (%(categories)s; on another case of the person)") % {
            "agency": share.agency.name,
            "categories": _categories(share.categories),
        }
    return f"{share.agency.name} ({_categories(share.categories)})"


def consent_revocation(case: Case, consent: Consent) -> Confirmation:
    shares = list(selectors.shares_resting_on(consent))
    consequences = [
        _("The consent of %(date)s covers: %(purpose)s (%(categories)s).")
        % {"date": _day(consent.given_on), "purpose": consent.purpose, "categories": _categories(consent.categories)}
    ]
    if shares:
        consequences.append(
            ngettext(
                "The revocation ends %(count)s share: %(shares)s.",
                "The revocation ends %(count)s shares: %(shares)s.",
                len(shares),
            )
            % {"count": len(shares), "shares": ", ".join(_share(share, case) for share in shares)}
        )
        consequences.append(
            ngettext(
                "The share ends the moment you confirm, not as of the date of the revocation.",
                "The shares end the moment you confirm, not as of the date of the revocation.",
                len(shares),
            )
        )
    elif consent.use == ConsentUse.TRANSFER:
        consequences.append(_("No share rests on this consent; the revocation ends none."))
    referrals = list(selectors.open_referrals_on(consent))
    if referrals:
        consequences.append(
            ngettext(
                "It also ends %(count)s open referral: %(agencies)s.",
                "It also ends %(count)s open referrals: %(agencies)s.",
                len(referrals),
            )
            % {"count": len(referrals), "agencies": ", ".join(referral.to_agency.name for referral in referrals)}
        )
    if consent.use == ConsentUse.BOOKLET:
        consequences.append(
            _(
                "New editions of the companion booklet can no longer rely on this consent; editions already printed "
                "stay with the person."
            )
        )
    heading = _("Record the revocation of the consent of %(person)s for %(agency)s") % {
        "person": _name(case.person),
        "agency": consent.receiving_agency.name,
    }
    action = _("Record the revocation of the consent of %(date)s for %(agency)s") % {
        "date": _day(consent.given_on),
        "agency": consent.receiving_agency.name,
    }
    return Confirmation(heading=heading, consequences=consequences, action=action)


def share_ending(case: Case, share: CaseShare) -> Confirmation:
    consequences = [
        _("%(agency)s loses access to the case at once: %(categories)s.")
        % {"agency": share.agency.name, "categories": _categories(share.categories)}
    ]
    if share.consent_id:
        consequences.append(
            _("The consent it rests on stays in force: the case can be shared on it again, as a new share.")
        )
    heading = _("End the share of the case of %(person)s with %(agency)s") % {
        "person": _name(case.person),
        "agency": share.agency.name,
    }
    action = _("End the share with %(agency)s") % {"agency": share.agency.name}
    return Confirmation(heading=heading, consequences=consequences, action=action)


def case_closing(case: Case) -> Confirmation:
    consequences = [_("The case is closed on the date you enter.")]
    if case.kind == CaseKind.CASE_MANAGEMENT:
        consequences.append(_("Its phase becomes “%(phase)s”.") % {"phase": CasePhase.CLOSURE.label})
    shares = list(selectors.shares_in_force_of(case))
    if shares:
        consequences.append(
            ngettext(
                "%(count)s share stays in force until you end it: %(shares)s.",
                "%(count)s shares stay in force until you end them: %(shares)s.",
                len(shares),
            )
            % {"count": len(shares), "shares": ", ".join(_share(share, case) for share in shares)}
        )
    consequences.append(
        _(
            "From the closing date the retention period runs: once it has passed, the person's record is erased, "
            "unless another case of the person is open then."
        )
    )
    consequences.append(_("Your agency can reopen the case later, giving a reason."))
    heading = _("Close the case of %(person)s") % {"person": _name(case.person)}
    return Confirmation(heading=heading, consequences=consequences, action=_("Close case"), final=False)


def case_reopening(case: Case) -> Confirmation:
    consequences = [
        _(
            "The case, opened on %(opened)s and closed on %(closed)s, is open again: the closing date is removed and "
            "the case is no longer scheduled for erasure."
        )
        % {"opened": _day(case.opened_on), "closed": _day(case.closed_on)}
    ]
    if case.kind == CaseKind.CASE_MANAGEMENT:
        phase = selectors.phase_before_closing(case)
        consequences.append(
            _("Its phase returns to “%(phase)s”, the phase it had before closing.") % {"phase": CasePhase(phase).label}
        )
    consequences.append(_("The reason is kept in the case's protocol with your name."))
    heading = _("Reopen the case of %(person)s") % {"person": _name(case.person)}
    return Confirmation(heading=heading, consequences=consequences, action=_("Reopen case"), final=False)


def step_marking(step: PlanStep) -> Confirmation:
    consequences = [
        _("The step of the goal “%(goal)s” counts as done from the date you enter; the support plan shows it so.")
        % {"goal": step.goal.title},
    ]
    heading = _("Mark the step “%(step)s” as done") % {"step": step.title}
    # The title names the step by its number: a step's wording is counselling content, kept out of browser histories.
    action = _("Mark step %(number)s as done") % {"number": step.pk}
    return Confirmation(heading=heading, consequences=consequences, action=action)
