"""Reading a rendered form page in tests: the error summary's entries, a field's value as shown, the page's
elements by id."""

from lxml import html


def parsed(response):
    return html.fromstring(response.content.decode())


def summary_entries(response) -> list[tuple[str, str]]:
    """(link target, text) of each entry of the page's one error summary; an error of the whole form has no link
    (""). The text is what the user reads: the field's label, a colon, the error."""
    summaries = parsed(response).xpath("//*[@data-error-summary]")
    assert len(summaries) == 1, f"expected one error summary, found {len(summaries)}"
    summary = summaries[0]
    assert summary.get("tabindex") == "-1"  # static/js/error-summary.js focuses it
    return [(item.xpath("string(.//a/@href)"), " ".join(item.text_content().split())) for item in summary.iter("li")]


def shown_value(response, element_id: str) -> str | bool:
    """What the form shows in a field: an input's value (a checkbox: whether it is checked), a select's chosen
    option, a textarea's text."""
    element = parsed(response).get_element_by_id(element_id)
    if element.tag == "select":
        return next(option.get("value") for option in element.iter("option") if option.get("selected") is not None)
    if element.tag == "textarea":
        return element.text or ""
    if element.get("type") in ("checkbox", "radio"):
        return element.get("checked") is not None
    return element.get("value", "")


def element(response, element_id: str):
    return parsed(response).get_element_by_id(element_id)
