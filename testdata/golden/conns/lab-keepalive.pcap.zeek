#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2026-11-21-13-50-49
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1795269049.143117	C7kIIh4Y81EBN0UEK8	127.0.0.1	35738	127.0.0.1	46175	tcp	-	3.064457	107	262	SF	-	-	0	ShADadfF	7	479	7	634	-	6
#close	2026-11-21-13-50-52
