-- SMS through carrier trunks (docs/sms.md, docs/carriers.md): the trunk an inbound message came from (Kamailio
-- recognised its source address) or the trunk an outbound message left through. Null: a user of ours, a trusted
-- peer, or the static next hop. A deleted trunk leaves its messages in the history.
alter table sms_messages add column trunk_id bigint references trunk (id) on delete set null;
