-- Subscribers as the app manages them (/api/sip/users): besides Kamailio's own columns (ha1 = MD5 HA1 of
-- user:realm:password, the plaintext password column stays empty), the SHA-256 HA1 of the same string
-- (RFC 8760), the identity asserted for the user (caller_id, display_name: loaded at auth as
-- $avp(caller_id) and $avp(display_name)) and whether the user may authenticate at all.
alter table subscriber add column if not exists ha1_sha256 varchar(64) default '' not null;
alter table subscriber add column if not exists caller_id varchar(64) default null;
alter table subscriber add column if not exists display_name varchar(128) default null;
alter table subscriber add column if not exists enabled integer default 1 not null;
