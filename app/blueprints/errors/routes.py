"""Error pages in the user's language; HTMX requests get a fragment the page can show inline."""

from flask import redirect, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from app.blueprints.errors import bp
from app.web import is_htmx_partial_request, page_above, render


def _error_page(status: int, message: str) -> tuple[str, int]:
    return render("errors/error.html", "errors/_error.html", status=status, message=message), status


@bp.app_errorhandler(CSRFError)
def csrf_refused(error: CSRFError) -> tuple[str, int]:
    return _error_page(400, _("The form's security token is missing or has expired. "
                              "Please reload the page and try again."))


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[str, int] | Response:
    # A reload after a refused form asks its POST-only URL by GET: show the page the form is on instead.
    if (error.code == 405 and request.method in ("GET", "HEAD") and not is_htmx_partial_request()
            and (above := page_above(request.path)) is not None):
        query = request.query_string.decode("latin-1")
        return redirect(above + (f"?{query}" if query else ""))
    messages = {
        403: _("You do not have permission to open this page."),
        404: _("The page or record was not found."),
        405: _("This action is not allowed here."),
        409: _("This cannot be done in the record's present state."),
        413: _("The upload is too large."),
    }
    status = error.code or 500
    return _error_page(status, messages.get(status, error.description or _("Something went wrong.")))
