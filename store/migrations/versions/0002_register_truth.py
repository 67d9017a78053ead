"""register truth: Telegram links at several schools, merged reports, staff-chat pacing index

- contact.telegram_user_id is no longer unique (one Telegram user may be linked
  at several schools, one contact row each) and the link keeps the phone and
  name it was made with, so a contact given to another person drops its link;
- absencereport.sensitive (a safeguarding cue: the words go to the DSL only)
  and absencereport.follow_ups (repeats and later messages merged into it);
- an index to count what was sent to one chat in the last minute.

Revision ID: 0002_register_truth
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.models

revision = '0002_register_truth'
down_revision = '0001'
branch_labels = None
depends_on = None

#: SQLite keeps the original unique constraint unnamed; batch mode needs a name to drop it.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _unique_name() -> str:
    return "contact_telegram_user_id_key" if op.get_bind().dialect.name == "postgresql" else "uq_contact_telegram_user_id"


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(_unique_name(), type_='unique')
        batch_op.add_column(sa.Column('telegram_linked_phone', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('telegram_linked_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('telegram_linked_at', store.models.UtcDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_contact_telegram_user_id'), ['telegram_user_id'], unique=False)
    # Links made before this revision count as made with the contact's current details.
    op.execute(
        "UPDATE contact SET telegram_linked_phone = phone, telegram_linked_name = name, telegram_linked_at = updated_at "
        "WHERE telegram_user_id IS NOT NULL"
    )
    with op.batch_alter_table('absencereport', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sensitive', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('follow_ups', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('absencereport', schema=None) as batch_op:
        batch_op.alter_column('sensitive', server_default=None)
        batch_op.alter_column('follow_ups', server_default=None)
    with op.batch_alter_table('outboundmessage', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_chat_sent', ['recipient', 'sent_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outboundmessage', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_chat_sent')
    with op.batch_alter_table('absencereport', schema=None) as batch_op:
        batch_op.drop_column('follow_ups')
        batch_op.drop_column('sensitive')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_telegram_user_id'))
        batch_op.drop_column('telegram_linked_at')
        batch_op.drop_column('telegram_linked_name')
        batch_op.drop_column('telegram_linked_phone')
        batch_op.create_unique_constraint('contact_telegram_user_id_key', ['telegram_user_id'])
