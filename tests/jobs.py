"""Job functions for the task tests; RQ imports them by dotted path like the app's own."""

from app.extensions import db
from app.models import Notification
from app.tasks import job, report_progress


@job
def count_to(task_id: str, total: int, user_id: int) -> dict:
    for done in range(1, total + 1):
        report_progress(done, total, f"{done}/{total}")
    db.session.add(Notification(user_id=user_id, message=f"counted to {total}"))
    db.session.commit()
    return {"counted": total}


@job
def write_then_fail(task_id: str, user_id: int) -> dict:
    db.session.add(Notification(user_id=user_id, message="half-way"))
    db.session.flush()
    raise ValueError("第 3 行：日期无法识别")


@job
def sleep_for(task_id: str, seconds: float, user_id: int) -> dict:
    """A long, healthy job: busy for ``seconds``, saying how far it is."""
    import time

    steps = max(1, int(seconds / 0.1))
    for done in range(1, steps + 1):
        time.sleep(0.1)
        report_progress(done, steps)
    return {"slept": seconds}
