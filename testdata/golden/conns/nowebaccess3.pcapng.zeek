#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2010-03-18-12-16-06
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1268914566.044078	CW9BIl3idTh3Y4Paql	172.16.0.8	1251	74.125.95.105	80	tcp	-	1.002110	0	0	S0	-	-	0	S	3	156	0	0	-	6
#close	2010-03-18-12-16-07
