"""Forms of the attendance pages: one grid cell, the upload of a file, and the names of the grid's fields."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models.choices import AttendanceStatus
from ewg.forms import BoundedDateField

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # 20,000 rows of a course export take about 1.5 MB
_CELL_NAME = re.compile(r"^cell-(\d+)-(\d{4}-\d{2}-\d{2})$")


def cell_name(enrolment_id: int, day: date) -> str:
    """The name of one grid cell's field: the grid without JavaScript posts all cells in one form."""
    return f"cell-{enrolment_id}-{day.isoformat()}"


def posted_cells(data) -> list[tuple[int, date, str]]:
    """(enrolment id, day, status) of every filled cell in a posted grid; unknown or malformed names are ignored."""
    cells = []
    for name, value in data.items():
        match = _CELL_NAME.match(name)
        if match is None or not value:
            continue
        try:
            day = date.fromisoformat(match[2])
        except ValueError:
            continue
        cells.append((int(match[1]), day, value))
    return cells


class CellForm(forms.Form):
    """One cell saved from the grid. The grid's select keeps its own field name, so its value may arrive either as
    `status` or under the cell's name (see the template's hx-params)."""

    enrolment = forms.IntegerField(min_value=1)
    day = BoundedDateField(input_formats=["%Y-%m-%d"])
    status = forms.ChoiceField(choices=[("", "–"), *AttendanceStatus.choices], required=False)

    def __init__(self, data, **kwargs):
        data = data.copy()
        if not data.get("status") and data.get("enrolment") and data.get("day"):
            data["status"] = data.get(f"cell-{data['enrolment']}-{data['day']}", "")
        super().__init__(data, **kwargs)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Semicolon-separated, UTF-8, one row per participant and day, with a header row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Please split it by month."))
        return upload
