package org.gachimarket.es.analysis.nori;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.KoreanTokenizer.DecompoundMode;
import org.apache.lucene.analysis.ko.dict.UserDictionary;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.IndexVersions;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code nori_tokenizer}: {@code decompound_mode} (none|discard|mixed, default discard),
 * {@code discard_punctuation} (default true), and a user dictionary given either inline
 * ({@code user_dictionary_rules}) or as a file relative to the config folder
 * ({@code user_dictionary}); {@code lenient} (false) de-duplicates the dictionary's rules instead of failing.
 */
public class NoriTokenizerFactory extends AbstractTokenizerFactory {
    static final String USER_DICT_PATH = "user_dictionary";
    static final String USER_DICT_RULES = "user_dictionary_rules";
    static final String LENIENT = "lenient";

    private final UserDictionary userDictionary;
    private final DecompoundMode decompoundMode;
    private final boolean discardPunctuation;

    public NoriTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name);
        this.decompoundMode = decompoundMode(settings);
        this.userDictionary = userDictionary(env, settings, indexSettings);
        this.discardPunctuation = settings.getAsBoolean("discard_punctuation", true);
    }

    static DecompoundMode decompoundMode(Settings settings) {
        String mode = settings.get("decompound_mode", KoreanTokenizer.DEFAULT_DECOMPOUND.name());
        return DecompoundMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    static UserDictionary userDictionary(Environment env, Settings settings, IndexSettings indexSettings) {
        if (settings.get(USER_DICT_PATH) != null && settings.get(USER_DICT_RULES) != null) {
            throw new IllegalArgumentException(
                "It is not allowed to use [" + USER_DICT_PATH + "] in conjunction with [" + USER_DICT_RULES + "]"
            );
        }
        // Duplicate rules are checked for indices created on 8.13+, as in analysis-nori:
        // an error, or with lenient=true the first one wins.
        boolean checkDuplicates = indexSettings.getIndexVersionCreated().onOrAfter(IndexVersions.NORI_DUPLICATES);
        List<String> rules = Analysis.getWordList(env, settings, USER_DICT_PATH, USER_DICT_RULES, LENIENT, true, checkDuplicates);
        if (rules == null || rules.isEmpty()) {
            return null;
        }
        try {
            return UserDictionary.open(new StringReader(String.join("\n", rules)));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to load the nori user dictionary", e);
        }
    }

    @Override
    public Tokenizer create() {
        return new KoreanTokenizer(
            KoreanTokenizer.DEFAULT_TOKEN_ATTRIBUTE_FACTORY,
            userDictionary,
            decompoundMode,
            false,
            discardPunctuation
        );
    }
}
