# Turns a dispatcher list file (kamailio/dispatcher.list: "setid destination [flags priority attrs]") into SQL
# that replaces the media nodes' rows (sets below 100) of Kamailio's table dispatcher in one transaction. Sets
# 100 and up belong to the trunks, which the app writes (docs/carriers.md). Run by deploy/local/stack and the
# edge's container entrypoint before Kamailio starts; the output goes to psql as the role kamailio.
BEGIN { print "begin;"; print "delete from dispatcher where setid < 100;" }
NF < 2 || $1 ~ /^#/ { next }
$1 !~ /^[0-9]+$/ || $1 >= 100 { print "dispatcher list: set " $1 " is not a media set (1-99)" > "/dev/stderr"; bad = 1; exit 1 }
{
  flags = NF >= 3 ? $3 : 0; prio = NF >= 4 ? $4 : 0; attrs = NF >= 5 ? $5 : ""
  dest = $2; gsub(/'/, "''", dest); gsub(/'/, "''", attrs)
  printf "insert into dispatcher (setid, destination, flags, priority, attrs, description) values (%d, '%s', %d, %d, '%s', 'media node');\n", $1, dest, flags, prio, attrs
}
END { if (!bad) print "commit;" }
