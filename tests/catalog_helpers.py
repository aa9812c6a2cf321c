"""Helpers for the catalog admin tests."""


def form_data(response) -> dict:
    """The POST data of an admin change form as rendered, inlines included."""
    data = {}
    adminform = response.context["adminform"]
    forms = [adminform.form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[field.html_name] = field.value()
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, list):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = value
    return data
