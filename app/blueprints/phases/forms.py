from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length, Optional


class ChecklistForm(FlaskForm):
    done = HiddenField()
    evidence = TextAreaField(_l("Evidence"), validators=[Optional(), Length(max=2000)])
