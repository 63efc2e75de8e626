#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2009-07-02-19-05-49
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1246561549.394749	CXUq5c1kV8vx2yAUf2	192.168.100.138	3372	192.168.100.1	80	tcp	-	0.001316	0	0	REJ	-	-	0	Sr	1	48	1	40	-	6
#close	2009-07-02-19-05-49
