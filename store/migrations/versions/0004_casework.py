"""casework: policy tasks with a lifecycle, roll-change dates, afternoon chases

- policytask gains title, raised_on, due_on, owner_role, status
  (open | done | dismissed), posted_on and note (DESIGN §4.8); tasks raised
  before this revision take their title from the kind, their dates from
  raised_at and their owner from the chat they went to;
- pupil.left_on and pupil.joined_on, written by the roll import, so leavers
  and joiners raise the local-authority tasks the policies name;
- chaseattempt.session (AM | PM): the afternoon register is chased as well,
  one attempt per pupil, day, session and step;
- attendancebaseline: a pupil's figures from the MIS attendance summary as
  of a date, for schools that cannot export daily registers.

Revision ID: 0004_casework
Revises: 0003_reliability
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.models

revision = '0004_casework'
down_revision = '0003_reliability'
branch_labels = None
depends_on = None

#: SQLite keeps the original unique constraint unnamed; batch mode needs a name to drop it.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}

TITLES = {
    "referral": "Safeguarding referral: unexplained absence",
    "teacher_call": "Class teacher / DSL to call home",
    "la_no_contact": "Tell the local authority: no contact",
    "n_unresolved": "Resolve the N code (it will be treated as O)",
    "threshold": "Attendance below the policy threshold",
    "penalty": "Consider a penalty notice",
    "illness_la": "Tell the local authority: long illness",
}


def _old_unique() -> str:
    return "chaseattempt_pupil_id_date_step_key" if op.get_bind().dialect.name == "postgresql" else "uq_chaseattempt_pupil_id"


def upgrade() -> None:
    op.create_table('attendancebaseline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pupil_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('possible', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.Column('authorised', sa.Integer(), nullable=False),
    sa.Column('unauthorised', sa.Integer(), nullable=False),
    sa.Column('imported_at', store.models.UtcDateTime(), nullable=False),
    sa.CheckConstraint('present + authorised + unauthorised <= possible', name='baseline_adds_up'),
    sa.ForeignKeyConstraint(['pupil_id'], ['pupil.id'], ),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pupil_id')
    )
    with op.batch_alter_table('attendancebaseline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendancebaseline_school_id'), ['school_id'], unique=False)
    with op.batch_alter_table('policytask', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('raised_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('owner_role', sqlmodel.sql.sqltypes.AutoString(), server_default='office', nullable=False))
        batch_op.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('posted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index(batch_op.f('ix_policytask_status'), ['status'], unique=False)
        batch_op.create_check_constraint('task_status_known', "status in ('open','done','dismissed')")
    task = sa.table(
        'policytask', sa.column('kind', sa.String), sa.column('channel', sa.String), sa.column('title', sa.String),
        sa.column('owner_role', sa.String), sa.column('status', sa.String), sa.column('done_at', sa.DateTime),
    )
    for kind, title in TITLES.items():
        op.execute(task.update().where(task.c.kind == kind).values(title=title))
    op.execute(task.update().where(task.c.channel == 'safeguarding').values(owner_role='dsl'))
    op.execute(task.update().where(task.c.done_at.is_not(None)).values(status='done'))
    op.execute("UPDATE policytask SET raised_on = DATE(raised_at), due_on = DATE(raised_at), posted_on = DATE(raised_at)")
    with op.batch_alter_table('pupil', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('joined_on', sa.Date(), nullable=True))
    with op.batch_alter_table('chaseattempt', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(_old_unique(), type_='unique')
        batch_op.add_column(sa.Column('session', sqlmodel.sql.sqltypes.AutoString(length=2), server_default='AM', nullable=False))
        batch_op.create_unique_constraint('uq_chaseattempt_pupil_session_step', ['pupil_id', 'date', 'session', 'step'])


def downgrade() -> None:
    with op.batch_alter_table('attendancebaseline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendancebaseline_school_id'))
    op.drop_table('attendancebaseline')
    op.execute("DELETE FROM chaseattempt WHERE session = 'PM'")
    with op.batch_alter_table('chaseattempt', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('uq_chaseattempt_pupil_session_step', type_='unique')
        batch_op.drop_column('session')
        batch_op.create_unique_constraint(_old_unique(), ['pupil_id', 'date', 'step'])
    with op.batch_alter_table('pupil', schema=None) as batch_op:
        batch_op.drop_column('joined_on')
        batch_op.drop_column('left_on')
    with op.batch_alter_table('policytask', schema=None) as batch_op:
        batch_op.drop_constraint('task_status_known', type_='check')
        batch_op.drop_index(batch_op.f('ix_policytask_status'))
        batch_op.drop_column('note')
        batch_op.drop_column('posted_on')
        batch_op.drop_column('status')
        batch_op.drop_column('owner_role')
        batch_op.drop_column('due_on')
        batch_op.drop_column('raised_on')
        batch_op.drop_column('title')
