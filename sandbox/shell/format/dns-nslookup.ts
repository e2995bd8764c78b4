/**
 * Answer records as the two nslookups print them.
 *
 * busybox 1.36 (networking/nslookup.c parse_reply): `Name:\t%s\nAddress: %s`
 * for A and AAAA, `%s\tname = %s` and friends for the rest, names without
 * their final dot (ns_name_uncompress), the SOA as an indented block.
 *
 * BIND 9.16/9.18 (bin/dig/nslookup.c printsection): the same for A, AAAA
 * and SOA; other types print the owner, a tab, a label from its rtypetext
 * table and the record data in master-file form, so names keep their final
 * dot (`name = kube-dns.kube-system.svc.cluster.local.`). Outside the answer
 * section an address is `internet address = `.
 */
import type { ResourceRecord } from '../../control/coredns';
import { rdataText } from './dns-dig';

const plain = (name: string) => (name.endsWith('.') ? name.slice(0, -1) : name);

function soaBlock(rr: ResourceRecord): string {
  const d = rr.data;
  if (d.type !== 'SOA') return '';
  return `${plain(rr.name)}\n\torigin = ${plain(d.mname)}\n\tmail addr = ${plain(d.rname)}\n\tserial = ${d.serial}\n\trefresh = ${d.refresh}\n\tretry = ${d.retry}\n\texpire = ${d.expire}\n\tminimum = ${d.minimum}\n`;
}

export function busyboxRecord(rr: ResourceRecord): string {
  const d = rr.data;
  const name = plain(rr.name);
  switch (d.type) {
    case 'A': case 'AAAA': return `Name:\t${name}\nAddress: ${d.address}\n`;
    case 'NS': return `${name}\tnameserver = ${plain(d.target)}\n`;
    case 'CNAME': return `${name}\tcanonical name = ${plain(d.target)}\n`;
    case 'PTR': return `${name}\tname = ${plain(d.target)}\n`;
    case 'TXT': return d.text.length > 0 ? `${name}\ttext = "${d.text}"\n` : '';
    case 'SRV': return `${name}\tservice = ${d.priority} ${d.weight} ${d.port} ${plain(d.target)}\n`;
    case 'SOA': return soaBlock(rr);
  }
}

const BIND_LABEL: Record<string, string> = { A: 'internet address = ', NS: 'nameserver = ', CNAME: 'canonical name = ', PTR: 'name = ', TXT: 'text = ', SRV: 'service = ', AAAA: 'has AAAA address ' };

export function bindRecord(rr: ResourceRecord, section: 'answer' | 'other'): string {
  const d = rr.data;
  const name = plain(rr.name);
  if ((d.type === 'A' || d.type === 'AAAA') && section === 'answer') return `Name:\t${name}\nAddress: ${d.address}\n`;
  if (d.type === 'SOA') return soaBlock(rr);
  return `${name}\t${BIND_LABEL[d.type] ?? ''}${rdataText(d)}\n`;
}
