"""answers kept with their response, as one JSON object, not a row each

Revision ID: 0008_answers_with_response
Revises: 0007_translations_voice
Create Date: 2026-12-06 11:00:00

A response's answers are only ever read whole, with their response (the raw
export). Kept as rows, each response cost six more rows and six more entries
in an index of random UUIDs, written with it: a third of what storing a batch
cost (bench/ingest.py). Existing answers move into their responses, in the
order they were stored; downgrade moves them back.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_answers_with_response'
down_revision = '0007_translations_voice'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ALTER, never a batch copy: on SQLite, dropping the old response table
    # would cascade to the answers still to be moved.
    op.add_column(
        'response',
        sa.Column('answers', sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "UPDATE response SET answers = moved.answers FROM ("
            " SELECT response_id, json_object_agg(question, value ORDER BY id) AS answers"
            " FROM answer GROUP BY response_id"
            ") AS moved WHERE response.id = moved.response_id"
        )
    else:
        # answer.value holds JSON text: json() keeps it JSON inside the object.
        op.execute(
            "UPDATE response SET answers = ("
            " SELECT json_group_object(question, json(value)) FROM ("
            "  SELECT question, value FROM answer"
            "  WHERE answer.response_id = response.id ORDER BY id))"
            " WHERE id IN (SELECT response_id FROM answer)"
        )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_response_id'))
    op.drop_table('answer')


def downgrade():
    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.String(length=36), nullable=False),
    sa.Column('question', sa.String(length=48), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_response_id'), ['response_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "INSERT INTO answer (response_id, question, value)"
            " SELECT response.id, pair.key, pair.value"
            " FROM response, json_each(response.answers) WITH ORDINALITY AS pair(key, value, n)"
            " ORDER BY response.id, pair.n"
        )
    else:
        # json_each gives text, numbers and true/false as SQL values: back into JSON.
        op.execute(
            "INSERT INTO answer (response_id, question, value)"
            " SELECT response.id, pair.key,"
            "  CASE WHEN pair.type IN ('object', 'array') THEN pair.value"
            "  WHEN pair.type IN ('true', 'false') THEN pair.type"
            "  ELSE json_quote(pair.value) END"
            " FROM response, json_each(response.answers) AS pair"
            " ORDER BY response.id, pair.id"
        )
    # Not a batch copy either (see upgrade); SQLite drops a plain column itself (3.35
    # and newer).
    op.execute("ALTER TABLE response DROP COLUMN answers")
