-- The digest algorithms a domain's challenges offer, in order (registrar.cfg, RFC 8760): 'MD5', 'SHA-256,MD5'
-- or 'SHA-256'. Set over /api/sip/domains; Kamailio reads it at each challenge.
alter table domain add column if not exists digest_algorithms varchar(32) default 'MD5' not null;
