#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2009-03-03-15-55-16
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1236095716.488634	CDPTnY17T3vpX8Kzgl	172.31.136.85	38760	195.81.202.68	80	tcp	-	23.731553	0	1344	OTH	-	-	0	^dAWa	4	208	4	1552	-	6
#close	2009-03-03-15-55-40
