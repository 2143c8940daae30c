package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

/** {@code trim}: strips leading and trailing whitespace from tokens. */
public class TrimFilterFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
    public TrimFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        if (settings.get("update_offsets") != null) {
            throw new IllegalArgumentException("update_offsets is not supported anymore. Please fix your analysis chain");
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new TrimFilter(tokenStream);
    }
}
