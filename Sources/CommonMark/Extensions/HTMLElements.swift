/// Every element name of the HTML Living Standard plus obsolete ones browsers still parse, and the SVG and MathML
/// names that appear inline in documents. A tag outside this set (and outside the allow-list) is no HTML element.
enum HTMLElements {
    static let known: Set<String> = Set("""
    a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br
    button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed
    fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe
    image img input ins isindex kbd keygen label legend li link listing main map mark marquee menu menuitem meta meter
    multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p param picture plaintext pre
    progress q rb rp rt rtc ruby s samp script search section select slot small source spacer span strike strong style
    sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp
    svg math path g circle rect line polyline polygon ellipse defs use symbol text tspan lineargradient
    radialgradient stop clippath mask pattern filter foreignobject desc marker mi mo mn ms mtext mrow msup msub
    mfrac msqrt mroot mtable mtr mtd semantics annotation
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
