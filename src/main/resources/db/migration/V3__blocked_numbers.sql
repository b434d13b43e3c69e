-- Callers refused before answer (SIP 403, CDR termination 'blocked'). Numbers are stored in E.164 form.
create table blocked_numbers (
    number     varchar(64)  primary key,
    reason     varchar(255),
    created_at timestamptz  not null default now()
);
