#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2026-11-21-13-51-00
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1795269060.541235	C3mLHb1RcFOjbfG9Z8	127.0.0.1	39948	127.0.0.1	34393	tcp	-	0.114478	83	262	SF	-	-	0	ShADaFdf	6	403	5	530	-	6
#close	2026-11-21-13-51-00
