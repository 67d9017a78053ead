"""return-to-school guidance: the illness a report names and the earliest day back

- absencereport.illness: the key of UKHSA's exclusion table
  (`store/data/exclusions.toml`) the parent's message named, or null;
- absencereport.expected_return: the earliest school day back that table gives;
- contact.language: the language replies go in (roll column or learned), null for English.

Revision ID: 0005_return_guidance
Revises: 0004_casework
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005_return_guidance'
down_revision = '0004_casework'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('absencereport', schema=None) as batch_op:
        batch_op.add_column(sa.Column('illness', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('expected_return', sa.Date(), nullable=True))
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('absencereport', schema=None) as batch_op:
        batch_op.drop_column('expected_return')
        batch_op.drop_column('illness')
