/**
 * The XMP metadata packet of an archival (PDF/A-3b) briefing: what the Info dictionary says,
 * said again as PDF/A requires (ISO 19005-3, 6.6.2.3: each Info entry and its XMP property
 * carry the same value), the PDF/A identification, and the sha256 of each attached file in a
 * property of briefing's own, declared in a PDF/A extension schema (6.6.2.3.3). Pure.
 */

export interface XmpFields {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  /** ISO 8601 date-time, e.g. 2024-08-12T00:00:00Z: creation, modification and metadata date. */
  date: string;
  lang: string;
  /** uuid:…, the same every time the same briefing is made archival. */
  documentId: string;
  /** Each attached file as `sha256:<hex> <name>`. */
  sources: readonly string[];
}

/** The namespace of briefing's own XMP property (a URN: it names, it is not fetched). */
export const SOURCES_NS = "urn:briefing:pdfa:sources:1p0#";

const xml = (text: string): string =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );

const alt = (text: string) =>
  `<rdf:Alt><rdf:li xml:lang="x-default">${xml(text)}</rdf:li></rdf:Alt>`;

export function xmpPacket(f: XmpFields): string {
  const sources = f.sources.map((s) => `<rdf:li>${xml(s)}</rdf:li>`).join("");
  // No `bytes` or `encoding` attribute in the packet header (6.6.2.1).
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:briefing="${SOURCES_NS}"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title>${alt(f.title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>${xml(f.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description>${alt(f.subject)}</dc:description>
<dc:language><rdf:Bag><rdf:li>${xml(f.lang)}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>${xml(f.keywords)}</pdf:Keywords>
<pdf:Producer>${xml(f.producer)}</pdf:Producer>
<xmp:CreatorTool>${xml(f.creator)}</xmp:CreatorTool>
<xmp:CreateDate>${f.date}</xmp:CreateDate>
<xmp:ModifyDate>${f.date}</xmp:ModifyDate>
<xmp:MetadataDate>${f.date}</xmp:MetadataDate>
<xmpMM:DocumentID>${f.documentId}</xmpMM:DocumentID>
<xmpMM:InstanceID>${f.documentId}</xmpMM:InstanceID>
<briefing:sources><rdf:Seq>${sources}</rdf:Seq></briefing:sources>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>briefing: the files a briefing was made from</pdfaSchema:schema>
<pdfaSchema:namespaceURI>${SOURCES_NS}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>briefing</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>sources</pdfaProperty:name>
<pdfaProperty:valueType>Seq Text</pdfaProperty:valueType>
<pdfaProperty:category>external</pdfaProperty:category>
<pdfaProperty:description>Each attached file as sha256:hex then its name</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The `sha256:<hex> <name>` entries of a packet's briefing:sources, in their order. */
export function xmpSources(xmp: string): string[] {
  const list = /<briefing:sources><rdf:Seq>(.*?)<\/rdf:Seq><\/briefing:sources>/s.exec(xmp)?.[1];
  if (list === undefined) return [];
  return [...list.matchAll(/<rdf:li>(.*?)<\/rdf:li>/gs)].map((m) =>
    (m[1] ?? "").replace(/&(amp|lt|gt|quot);/g, (_, e: string) =>
      e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : '"',
    ),
  );
}
