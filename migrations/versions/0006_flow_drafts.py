"""flow drafts: what staff are editing, until it is published as a new version

Revision ID: 0006_flow_drafts
Revises: 0005_posts
Create Date: 2026-11-23 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_flow_drafts'
down_revision = '0005_posts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('flow_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=48), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )


def downgrade():
    op.drop_table('flow_draft')
