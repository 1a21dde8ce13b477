/**
 * Caption formatting: Vosk's lower-case word stream as readable written text.
 *
 * <p>{@link io.spacecaps.format.CaptionFormatter#shared()} formats one speaker's finals (and partials)
 * with the Space's {@link io.spacecaps.format.Vocabulary}; what a track carries from one final to the
 * next is a {@link io.spacecaps.format.SentenceState} POJO that Flink keeps as keyed state. Every
 * written token names the input words it covers, so cue splitters time written text by the words'
 * times, and the words themselves are never changed for search or WER.
 *
 * <p>Decisions are made once, when a final is emitted:
 * <ul>
 *   <li>sentence ends and commas from the pauses between words and the endpoint silence, vetoed after
 *       words a sentence does not end on ("the", "and", "I");</li>
 *   <li>question marks from word order: wh-words, auxiliary inversion, tags ("right?", "isn't it?");</li>
 *   <li>casing from the Vocabulary, a dictionary with frequency classes per cased form, and a short list
 *       of corrections; spelled-out acronyms ("b b c") joined when known;</li>
 *   <li>numbers as written: money, years, percentages, decimals, ordinals, clock times, counts from ten.</li>
 * </ul>
 *
 * <p>Data, all from Maven Central, unpacked by the pipeline build into
 * {@code target/classes/io/spacecaps/format/dictionary}: the Hunspell en_US dictionary (SCOWL) as a
 * morfologik FSA with frequency classes, from {@code org.languagetool:english-pos-dict}, and the
 * multi-word names {@code specific_case.txt} and {@code multiwords.txt} from
 * {@code org.languagetool:language-en}; both artifacts are LGPL 2.1 and used as data only. morfologik-fsa
 * (BSD) reads the FSA. {@code casing-overrides.txt} beside this package is ours. The dictionaries take
 * about 12 MB of heap and a second to load, once per JVM.
 */
package io.spacecaps.format;
