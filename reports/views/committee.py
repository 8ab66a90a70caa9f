from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


report_list = report_create = report_detail = report_edit = section_edit = _missing
version_create = version_status = version_pdf = _missing
