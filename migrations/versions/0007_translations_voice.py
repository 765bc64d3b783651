"""translation reviews and recorded voices

Revision ID: 0007_translations_voice
Revises: 0006_flow_drafts
Create Date: 2026-11-23 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_translations_voice'
down_revision = '0006_flow_drafts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('translation_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flow_key', sa.String(length=48), nullable=False),
    sa.Column('path', sa.String(length=120), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reviewer', sa.String(length=254), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('flow_key', 'path', 'locale', 'text_hash')
    )
    op.create_table('voice_recording',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flow_key', sa.String(length=48), nullable=False),
    sa.Column('path', sa.String(length=120), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=254), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('flow_key', 'path', 'locale')
    )


def downgrade():
    op.drop_table('voice_recording')
    op.drop_table('translation_review')
