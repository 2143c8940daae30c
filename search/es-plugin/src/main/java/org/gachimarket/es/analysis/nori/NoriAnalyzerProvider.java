package org.gachimarket.es.analysis.nori;

import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;

/** {@code nori} analyzer: {@code decompound_mode}, {@code stoptags}, {@code user_dictionary(_rules)}. */
public class NoriAnalyzerProvider extends AbstractIndexAnalyzerProvider<KoreanAnalyzer> {
    private final KoreanAnalyzer analyzer;

    public NoriAnalyzerProvider(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        this.analyzer = new KoreanAnalyzer(
            NoriTokenizerFactory.userDictionary(env, settings, indexSettings),
            NoriTokenizerFactory.decompoundMode(settings),
            NoriPartOfSpeechFilterFactory.stopTags(env, settings),
            false
        );
    }

    @Override
    public KoreanAnalyzer get() {
        return analyzer;
    }
}
