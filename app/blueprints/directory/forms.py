from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import DataRequired, NumberRange

from app.models.base import DB_INT_MAX


class AppointForm(FlaskForm):
    position = HiddenField(validators=[DataRequired()])
    user_id = IntegerField(validators=[DataRequired(), NumberRange(1, DB_INT_MAX)])  # no row has a larger id
