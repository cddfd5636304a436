from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.models import Role

ROLE_LABELS = {
    Role.STAFF: _l("Staff / liaison"),
    Role.JUDGE: _l("Judge"),
    Role.DIVISION_HEAD: _l("Division head"),
    Role.OFFICE: _l("Activity office"),
    Role.COMMITTEE: _l("Adjudication committee"),
    Role.SUPERVISION: _l("Supervision office"),
    Role.LEADER: _l("Court leader"),
    Role.ADMIN: _l("Administrator"),
}


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(FlaskForm):
    username = StringField(
        _l("User name"),
        validators=[DataRequired(), Length(max=80),
                    Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Letters, digits, dot, dash and underscore only."))],
    )
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    department_id = SelectField(_l("Department"), coerce=int, validators=[DataRequired()])
    roles = CheckboxListField(_l("Roles"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
                              validators=[DataRequired(message=_l("Choose at least one role."))])
    password = PasswordField(_l("Password"), validators=[Optional(), Length(min=8, max=200)])


class DepartmentForm(FlaskForm):
    name_zh = StringField(_l("Name (Chinese)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    active = BooleanField(_l("Active"))
