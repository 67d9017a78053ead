"""reliability: outbox first-attempt time and provider-check flag, service heartbeats

Revision ID: 0003_reliability
Revises: 0002_register_truth
Create Date: 2026-12-02 11:01:33.694259
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.models


revision = '0003_reliability'
down_revision = '0002_register_truth'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('serviceheartbeat',
    sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('beat_at', store.models.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('worker')
    )
    with op.batch_alter_table('outboundmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_attempt_at', store.models.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('check_provider', sa.Boolean(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('outboundmessage', schema=None) as batch_op:
        batch_op.drop_column('check_provider')
        batch_op.drop_column('first_attempt_at')

    op.drop_table('serviceheartbeat')
