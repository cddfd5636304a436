from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import DataRequired


class AppointForm(FlaskForm):
    position = HiddenField(validators=[DataRequired()])
    user_id = IntegerField(validators=[DataRequired()])
