/**
 * XSD per table, written from the field tables in tables.ts (the decision's names, kinds, lengths), and
 * the envelope's XSD. `npm run claims -- xsd packages/claims/xsd` writes them; a test keeps the committed
 * files equal to this output and checks samples with xmllint (libxml2), an engine independent of ours.
 * Fields are in xs:all (any order, each at most once); optional fields may be empty.
 */
import { KIND_PATTERN, TABLES, type FieldSpec, type TableId } from './tables.ts';

function fieldXsd(f: FieldSpec): string {
  const facets: string[] = [];
  const p = KIND_PATTERN[f.kind];
  if (p) facets.push(`<xs:pattern value="${f.required ? p : `(${p})?`}"/>`);
  if (f.max !== undefined) facets.push(`<xs:maxLength value="${f.max}"/>`);
  if (f.required && !p) facets.push('<xs:minLength value="1"/>');
  const type = facets.length
    ? `\n      <xs:simpleType><xs:restriction base="xs:string">${facets.join('')}</xs:restriction></xs:simpleType>\n    `
    : '';
  return `    <xs:element name="${f.name}" minOccurs="${f.required ? 1 : 0}"${type ? '' : ' type="xs:string"/'}>${type ? `${type}</xs:element>` : ''}`;
}

export function xsdFor(id: TableId): string {
  const spec = TABLES[id];
  const all = `<xs:complexType>\n   <xs:all>\n${spec.fields.map(fieldXsd).join('\n')}\n   </xs:all>\n  </xs:complexType>`;
  const body = spec.list && spec.record
    ? `<xs:element name="${spec.root}">
  <xs:complexType><xs:sequence>
   <xs:element name="${spec.list}">
    <xs:complexType><xs:sequence>
     <xs:element name="${spec.record}" minOccurs="0" maxOccurs="unbounded">
  ${all}
     </xs:element>
    </xs:sequence></xs:complexType>
   </xs:element>
  </xs:sequence></xs:complexType>
 </xs:element>`
    : `<xs:element name="${spec.root}">
  ${all}
 </xs:element>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- ${id}: ${spec.title} — Decision 130/QĐ-BYT (2023) as amended by 4750/QĐ-BYT (2023). Generated from packages/claims/src/tables.ts. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
 ${body}
</xs:schema>
`;
}

export function envelopeXsd(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- GIAMDINHHS envelope — Decision 130/QĐ-BYT (2023). CHUKYDONVI holds a ds:Signature (XMLDSig), not checked here. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
 <xs:element name="GIAMDINHHS">
  <xs:complexType><xs:sequence>
   <xs:element name="THONGTINDONVI"><xs:complexType><xs:sequence>
    <xs:element name="MACSKCB"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9A-Z]{5}"/></xs:restriction></xs:simpleType></xs:element>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="THONGTINHOSO"><xs:complexType><xs:sequence>
    <xs:element name="NGAYLAP"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9]{8}"/></xs:restriction></xs:simpleType></xs:element>
    <xs:element name="SOLUONGHOSO" type="xs:positiveInteger"/>
    <xs:element name="DANHSACHHOSO"><xs:complexType><xs:sequence>
     <xs:element name="HOSO" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="FILEHOSO" maxOccurs="unbounded"><xs:complexType><xs:sequence>
       <xs:element name="LOAIHOSO"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="XML([1-9]|1[0-5])"/></xs:restriction></xs:simpleType></xs:element>
       <xs:element name="NOIDUNGFILE" type="xs:base64Binary"/>
      </xs:sequence></xs:complexType></xs:element>
     </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
   </xs:sequence></xs:complexType></xs:element>
   <xs:element name="CHUKYDONVI" minOccurs="0"><xs:complexType mixed="true"><xs:sequence>
    <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType>
 </xs:element>
</xs:schema>
`;
}
