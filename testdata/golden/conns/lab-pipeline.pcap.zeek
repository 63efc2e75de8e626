#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#open	2026-11-21-13-50-57
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents	ip_proto
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]	count
1795269057.650729	C28gJp1uIr9W9wRp01	127.0.0.1	37110	127.0.0.1	39911	tcp	-	0.029469	249	786	SF	-	-	0	ShADadFf	8	673	6	1106	-	6
#close	2026-11-21-13-50-57
