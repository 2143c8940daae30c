package org.gachimarket.es.analysis.common;

import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

import java.io.Reader;
import java.util.regex.Pattern;

/** {@code pattern_replace} char filter: {@code pattern} (required), {@code replacement} (""), {@code flags}. */
public class PatternReplaceCharFilterFactory implements NormalizingCharFilterFactory {
    private final String name;
    private final Pattern pattern;
    private final String replacement;

    public PatternReplaceCharFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        String regex = settings.get("pattern");
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
        }
        this.pattern = Regex.compile(regex, settings.get("flags"));
        this.replacement = settings.get("replacement", "");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Reader create(Reader reader) {
        return new PatternReplaceCharFilter(pattern, replacement, reader);
    }
}
