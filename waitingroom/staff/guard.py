"""Deny by default for the staff blueprints: one check, registered on each of them.

Every staff page needs a signed-in staff member; some are only for certain
roles. A visitor who is not signed in is sent to the sign-in page and brought
back afterwards; a signed-in member whose role is not allowed gets 403. Checks
of scope (which units a member may see) stay in the views that know the scope.
"""

from __future__ import annotations

from collections.abc import Collection

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from waitingroom.auth.access import is_reviewer


def staff_only(bp: Blueprint, roles: Collection[str] | None = None) -> None:
    """Make every view of `bp` need a signed-in member of `roles` (None: any role).

    Also gives the blueprint's templates `can_review_safeguarding`, which the
    staff menu needs. Register a blueprint's own before_request hooks after
    calling this, so that they run only for members who passed the check.
    """

    @bp.before_request
    def _deny_by_default():
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if roles is not None and current_user.role not in roles:
            abort(403)
        return None

    @bp.context_processor
    def _staff_context():
        return {"can_review_safeguarding": is_reviewer(current_user)}
