"""Forms of the shared register. An item's form is built from the fields its kind declares in the plan."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.cases import CaseNumberError, parse_case_number
from app.indicators.periods import Period
from app.labels import period_label
from app.plans.schema import FieldSpec, ItemKindSpec
from app.web import CsrfForm


def _case_number(form: FlaskForm, field: Field) -> None:
    if field.data:
        try:
            parse_case_number(field.data)
        except CaseNumberError as error:
            raise ValidationError(str(error)) from None


def _web_link(form: FlaskForm, field: Field) -> None:
    if field.data and urlsplit(field.data).scheme not in ("http", "https"):
        raise ValidationError(_l("Give a link that starts with http:// or https://."))


def _field(spec: FieldSpec) -> Field:
    presence = [DataRequired()] if spec.required else [Optional()]
    options: dict[str, Any] = {"label": spec.name, "description": spec.help}
    if spec.type == "textarea":
        return TextAreaField(validators=[*presence, Length(max=5000)], **options)
    if spec.type == "date":
        return DateField(validators=[InputRequired() if spec.required else Optional()], **options)
    if spec.type == "days":
        return IntegerField(validators=[InputRequired() if spec.required else Optional(), NumberRange(0, 3650)],
                            **options)
    if spec.type == "score":
        return IntegerField(validators=[InputRequired() if spec.required else Optional(), NumberRange(0, 100)],
                            **options)
    if spec.type == "url":
        return URLField(validators=[*presence, Length(max=500), _web_link], **options)
    if spec.type == "choice":
        choices = [SelectChoice("", "—"), *(SelectChoice(c, c) for c in spec.choices)]
        return SelectField(choices=choices, validators=presence, **options)
    if spec.type == "case_number":
        return StringField(validators=[*presence, Length(max=60), _case_number], **options)
    if spec.type == "judge":  # picked from the department's judges (item_form sets the choices), never typed
        # The choice is checked with the case (app/registers/cases.py), which names the department in its message.
        return SelectField(choices=[], validators=presence, validate_choice=False, **options)
    return StringField(validators=[*presence, Length(max=500)], **options)


class ItemFormBase(FlaskForm):
    period = SelectField(_l("Period"), validators=[DataRequired()])
    version = HiddenField()


# The field a form for a kind naming a case adds: why the case is not in the case data (app/registers/cases.py).
MISSING_REASON = "case_missing_reason"


def item_form(kind: ItemKindSpec, periods: list[Period], judges: list[str],
              data: dict[str, Any] | None = None) -> ItemFormBase:
    """The form for an item of ``kind``: the period it is handed in for, then the kind's own fields (a judge picked
    from ``judges``), and for a kind naming a case, the reason when the case is not in the case register."""
    fields: dict[str, Field] = {f.code: _field(f) for f in kind.fields}
    if any(f.type == "case_number" for f in kind.fields):
        fields[MISSING_REASON] = TextAreaField(
            _l("If the case is not in the case register: why"), validators=[Optional(), Length(max=1000)],
            description=_l("Only when the case data does not have the case yet (an export not imported yet)."))
    form = type(f"{kind.code.title()}Form", (ItemFormBase,), fields)(data=data)
    form.period.choices = [SelectChoice(p.key, period_label(p)) for p in periods]
    for spec in kind.fields:
        if spec.type == "judge":
            form[spec.code].choices = [SelectChoice("", "—"), *(SelectChoice(n, n) for n in judges)]
    return form


def kind_fields(form: ItemFormBase, kind: ItemKindSpec) -> list[Field]:
    return [form[f.code] for f in kind.fields] + ([form[MISSING_REASON]] if MISSING_REASON in form else [])


class MoveForm(FlaskForm):
    action = HiddenField(validators=[DataRequired()])
    version = HiddenField()
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)])
    score = IntegerField(_l("Score (0–100)"), validators=[Optional(), NumberRange(0, 100)])


class UploadForm(CsrfForm):
    """The file is read from request.files and checked by app/registers/attachments.py."""


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SelectForm(FlaskForm):
    item_id = HiddenField(validators=[DataRequired()])
    showcases = CheckboxListField(_l("Recommend to"), choices=[])


class PeriodForm(FlaskForm):
    """A POST that names only a period (publishing a list, running a draw)."""

    period = HiddenField(validators=[DataRequired()])
