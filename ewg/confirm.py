"""One page for every action that cannot (or not simply) be undone: a GET on the action's URL says what will happen,
computed from the data, and the page's form POSTs to the same URL, which does it through its service.

The former one-click buttons are links to that URL, so nothing irreversible happens on a single click.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirmation_page(
    request: HttpRequest,
    *,
    heading: str,
    consequences: list[str],
    cancel_url: str,
    form: forms.Form | None = None,
    final: bool = True,
    title: str = "",
) -> HttpResponse:
    """`heading` names the action and its object; `consequences` are the sentences that say what will happen (e.g.
    which shares end); `final`: nothing in the product undoes it. `form` holds what the action needs (a date, a
    reason); sent with errors, the page comes back with status 400. `title`: the page's title where the heading
    alone would not tell two pages apart, or must not be in it (a person's name); else the heading."""
    context = {
        "title": title or heading,
        "heading": heading,
        "consequences": consequences,
        "final": final,
        "form": form,
        "cancel_url": cancel_url,
    }
    return render(request, "confirm.html", context, status=400 if form is not None and form.errors else 200)
