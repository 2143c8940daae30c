package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

/** {@code lowercase} with optional {@code language} (greek, irish, turkish); usable in normalizers. */
public class LowerCaseFilterFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
    private final String language;

    public LowerCaseFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        this.language = settings.get("language");
        if (language != null && !language.equalsIgnoreCase("greek") && !language.equalsIgnoreCase("irish")
            && !language.equalsIgnoreCase("turkish")) {
            throw new IllegalArgumentException("language [" + language + "] not support for lower case");
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        if (language == null) {
            return new LowerCaseFilter(tokenStream);
        } else if (language.equalsIgnoreCase("greek")) {
            return new GreekLowerCaseFilter(tokenStream);
        } else if (language.equalsIgnoreCase("irish")) {
            return new IrishLowerCaseFilter(tokenStream);
        } else {
            return new TurkishLowerCaseFilter(tokenStream);
        }
    }
}
