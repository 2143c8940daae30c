package org.gachimarket.es.analysis.nori;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.POS;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code nori_part_of_speech}: removes tokens whose part of speech is in {@code stoptags} (Lucene's defaults if unset). */
public class NoriPartOfSpeechFilterFactory extends AbstractTokenFilterFactory {
    private final Set<POS.Tag> stopTags;

    public NoriPartOfSpeechFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        this.stopTags = stopTags(env, settings);
    }

    static Set<POS.Tag> stopTags(Environment env, Settings settings) {
        List<String> tags = Analysis.getWordList(env, settings, "stoptags");
        if (tags == null) {
            return KoreanPartOfSpeechStopFilter.DEFAULT_STOP_TAGS;
        }
        Set<POS.Tag> result = EnumSet.noneOf(POS.Tag.class);
        for (String tag : tags) {
            result.add(POS.resolveTag(tag));
        }
        return result;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new KoreanPartOfSpeechStopFilter(tokenStream, stopTags);
    }
}
