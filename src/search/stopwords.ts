/**
 * The stop words of the Lucene analyzers behind the search indexes ('english' and 'standard-folding' share the
 * English list), as Neo4j 5.26 reports them: `CALL db.index.fulltext.listAvailableAnalyzers()`. The query parser
 * drops a bare word that any of the three lists holds, because the indexes of the other two languages would
 * otherwise match it everywhere ("the" is an English stop word but an ordinary term to the Spanish analyzer).
 * tests/integration/search-languages.int.test.ts checks these lists against the running Neo4j.
 */
export const ANALYZER_STOPWORDS: Readonly<Record<'english' | 'spanish' | 'french', readonly string[]>> = {
  english: [
    'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not', 'of',
    'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with',
  ],
  spanish: [
    'a', 'al', 'algo', 'algunas', 'algunos', 'ante', 'antes', 'como', 'con', 'contra', 'cual', 'cuando', 'de', 'del',
    'desde', 'donde', 'durante', 'e', 'el', 'él', 'ella', 'ellas', 'ellos', 'en', 'entre', 'era', 'erais', 'éramos',
    'eran', 'eras', 'eres', 'es', 'esa', 'esas', 'ese', 'eso', 'esos', 'esta', 'está', 'estaba', 'estabais',
    'estábamos', 'estaban', 'estabas', 'estad', 'estada', 'estadas', 'estado', 'estados', 'estáis', 'estamos',
    'están', 'estando', 'estar', 'estará', 'estarán', 'estarás', 'estaré', 'estaréis', 'estaremos', 'estaría',
    'estaríais', 'estaríamos', 'estarían', 'estarías', 'estas', 'estás', 'este', 'esté', 'estéis', 'estemos', 'estén',
    'estés', 'esto', 'estos', 'estoy', 'estuve', 'estuviera', 'estuvierais', 'estuviéramos', 'estuvieran',
    'estuvieras', 'estuvieron', 'estuviese', 'estuvieseis', 'estuviésemos', 'estuviesen', 'estuvieses', 'estuvimos',
    'estuviste', 'estuvisteis', 'estuvo', 'fue', 'fuera', 'fuerais', 'fuéramos', 'fueran', 'fueras', 'fueron',
    'fuese', 'fueseis', 'fuésemos', 'fuesen', 'fueses', 'fui', 'fuimos', 'fuiste', 'fuisteis', 'ha', 'habéis',
    'había', 'habíais', 'habíamos', 'habían', 'habías', 'habida', 'habidas', 'habido', 'habidos', 'habiendo', 'habrá',
    'habrán', 'habrás', 'habré', 'habréis', 'habremos', 'habría', 'habríais', 'habríamos', 'habrían', 'habrías',
    'han', 'has', 'hasta', 'hay', 'haya', 'hayáis', 'hayamos', 'hayan', 'hayas', 'he', 'hemos', 'hube', 'hubiera',
    'hubierais', 'hubiéramos', 'hubieran', 'hubieras', 'hubieron', 'hubiese', 'hubieseis', 'hubiésemos', 'hubiesen',
    'hubieses', 'hubimos', 'hubiste', 'hubisteis', 'hubo', 'la', 'las', 'le', 'les', 'lo', 'los', 'más', 'me', 'mi',
    'mí', 'mía', 'mías', 'mío', 'míos', 'mis', 'mucho', 'muchos', 'muy', 'nada', 'ni', 'no', 'nos', 'nosotras',
    'nosotros', 'nuestra', 'nuestras', 'nuestro', 'nuestros', 'o', 'os', 'otra', 'otras', 'otro', 'otros', 'para',
    'pero', 'poco', 'por', 'porque', 'que', 'qué', 'quien', 'quienes', 'se', 'sea', 'seáis', 'seamos', 'sean', 'seas',
    'será', 'serán', 'serás', 'seré', 'seréis', 'seremos', 'sería', 'seríais', 'seríamos', 'serían', 'serías', 'sí',
    'sido', 'siendo', 'sin', 'sobre', 'sois', 'somos', 'son', 'soy', 'su', 'sus', 'suya', 'suyas', 'suyo', 'suyos',
    'también', 'tanto', 'te', 'tendrá', 'tendrán', 'tendrás', 'tendré', 'tendréis', 'tendremos', 'tendría',
    'tendríais', 'tendríamos', 'tendrían', 'tendrías', 'tened', 'tenéis', 'tenemos', 'tenga', 'tengáis', 'tengamos',
    'tengan', 'tengas', 'tengo', 'tenía', 'teníais', 'teníamos', 'tenían', 'tenías', 'tenida', 'tenidas', 'tenido',
    'tenidos', 'teniendo', 'ti', 'tiene', 'tienen', 'tienes', 'todo', 'todos', 'tu', 'tú', 'tus', 'tuve', 'tuviera',
    'tuvierais', 'tuviéramos', 'tuvieran', 'tuvieras', 'tuvieron', 'tuviese', 'tuvieseis', 'tuviésemos', 'tuviesen',
    'tuvieses', 'tuvimos', 'tuviste', 'tuvisteis', 'tuvo', 'tuya', 'tuyas', 'tuyo', 'tuyos', 'un', 'una', 'uno',
    'unos', 'vosotras', 'vosotros', 'vuestra', 'vuestras', 'vuestro', 'vuestros', 'y', 'ya', 'yo',
  ],
  french: [
    'à', 'ai', 'aie', 'aient', 'aies', 'ait', 'au', 'aurai', 'auraient', 'aurais', 'aurait', 'aurez', 'auriez',
    'aurions', 'aurons', 'auront', 'aux', 'avaient', 'avais', 'avait', 'avec', 'avez', 'aviez', 'avons', 'ayant',
    'ayez', 'ayons', 'c', 'ce', 'ceci', 'cela', 'celà', 'ces', 'cet', 'cette', 'd', 'dans', 'de', 'des', 'du', 'elle',
    'en', 'es', 'et', 'étaient', 'étais', 'était', 'étant', 'étée', 'étées', 'êtes', 'étiez', 'étions', 'eu', 'eue',
    'eues', 'eûmes', 'eurent', 'eus', 'eusse', 'eussent', 'eusses', 'eussiez', 'eussions', 'eut', 'eût', 'eûtes',
    'eux', 'fûmes', 'furent', 'fus', 'fusse', 'fussent', 'fusses', 'fussiez', 'fussions', 'fut', 'fûtes', 'ici', 'il',
    'ils', 'j', 'je', 'l', 'la', 'le', 'les', 'leur', 'leurs', 'lui', 'm', 'ma', 'mais', 'me', 'même', 'mes', 'moi',
    'mon', 'n', 'ne', 'nos', 'notre', 'nous', 'on', 'ont', 'ou', 'par', 'pas', 'pour', 'qu', 'que', 'quel', 'quelle',
    'quelles', 'quels', 'qui', 's', 'sa', 'sans', 'se', 'sera', 'serai', 'seraient', 'serais', 'serait', 'seras',
    'serez', 'seriez', 'serions', 'serons', 'seront', 'ses', 'soi', 'soient', 'sois', 'soit', 'sont', 'soyez',
    'soyons', 'suis', 'sur', 't', 'ta', 'te', 'tes', 'toi', 'ton', 'tu', 'un', 'une', 'vos', 'votre', 'vous', 'y',
  ],
};
