"""return-to-school guidance: the illness a report names and the earliest day back

- absencereport.illness: the key of UKHSA's exclusion table
  (`store/data/exclusions.toml`) the parent's message named, or null;
- absencereport.expected_return: the earliest school day back that table gives;
- contact.language: the language replies go in (roll column or learned), null for English;
- attachment: a photo or document a parent sent as evidence, by the provider's reference;
- index ix_mark_pupil_code_date on attendancemark (pupil_id, code, date): the daily escalation reads
  one school's marks of some codes over the year (PostgreSQL scanned every school's marks instead).

Revision ID: 0005_return_guidance
Revises: 0004_casework
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.models

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
    with op.batch_alter_table('attendancemark', schema=None) as batch_op:
        batch_op.create_index('ix_mark_pupil_code_date', ['pupil_id', 'code', 'date'], unique=False)
    op.create_table('attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('school_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('report_id', sa.Integer(), nullable=True),
        sa.Column('inbound_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('file_ref', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('mime_type', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('received_at', store.models.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['inbound_id'], ['inboundmessage.id'], ),
        sa.ForeignKeyConstraint(['report_id'], ['absencereport.id'], ),
        sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_school_id'), ['school_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_school_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_report_id'))
    op.drop_table('attachment')
    with op.batch_alter_table('attendancemark', schema=None) as batch_op:
        batch_op.drop_index('ix_mark_pupil_code_date')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('absencereport', schema=None) as batch_op:
        batch_op.drop_column('expected_return')
        batch_op.drop_column('illness')
