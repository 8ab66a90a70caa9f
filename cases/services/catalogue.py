from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agencies.models import Membership, User
from agencies.permissions import OBSTACLES_MANAGE, require
from cases.models import Obstacle
from cases.models.choices import ObstacleCategory
from cases.services._common import save


@transaction.atomic
def obstacle_add(*, actor: User, membership: Membership, name: str, category: str) -> Obstacle:
    require(membership, OBSTACLES_MANAGE)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Please enter a name.")})
    if category not in ObstacleCategory.values:
        raise ValidationError({"category": _("Choose a category from the list.")})
    obstacle = Obstacle(name=name, category=category)
    try:
        with transaction.atomic():
            save(obstacle, actor=actor)
    except IntegrityError:
        raise ValidationError({"name": _("This obstacle is already in the catalogue.")}) from None
    return obstacle


@transaction.atomic
def obstacle_set_active(*, actor: User, membership: Membership, obstacle: Obstacle, active: bool) -> Obstacle:
    """Retired obstacles stay on the cases that name them; they are only no longer offered."""
    require(membership, OBSTACLES_MANAGE)
    obstacle.is_active = active
    save(obstacle, actor=actor, update_fields=["is_active"])
    return obstacle
