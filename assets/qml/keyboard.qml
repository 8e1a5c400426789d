// On-screen keyboard inside the kiosk window (Qt Virtual Keyboard InputPanel).
// Polish layout first; English and Ukrainian follow the visitor's language.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

InputPanel {
    id: panel
    // The layout in force is the keyboard's own localeIndex: the globe key changes it, not
    // VirtualKeyboardSettings.locale. Setting the setting to the value it already has
    // changes nothing (no change signal), so the layout is set directly as well
    // (Qt Virtual Keyboard 6.11, Components/Keyboard.qml).
    function setLocale(name) {
        VirtualKeyboardSettings.locale = name
        var index = panel.keyboard.findLocale(name, -1)
        if (index !== -1)
            panel.keyboard.localeIndex = index
    }
    function currentLocale() {
        return panel.keyboard.locale
    }
    function nextLanguage() {  // what the globe key does
        panel.keyboard.changeInputLanguage(false)
    }
    function shiftActive() {  // for tests: will the next letter be a capital
        return InputContext.priv.shiftHandler.shiftActive
    }
    function inputHints() {  // for tests: what the focused field asked for
        return InputContext.inputMethodHints
    }

    // Polish letters. Qt's Polish layout has ą ć ę ł ń ó ś ź ż only behind a long press on
    // a, c, e, l, n, o, s, z, with no sign of it. Each of those keys shows its letters in
    // the corner (the style's "small text", Qt's own hint for alternative keys, which the
    // stock layout turns on only for punctuation); z shows both ż and ź (Qt's default
    // would show ź only), x shows nothing (ź is on z, where a Pole looks for it).
    readonly property var polishHints: ({ "a": "ą", "c": "ć", "e": "ę", "l": "ł", "n": "ń", "o": "ó",
                                          "s": "ś", "z": "żź", "x": "" })
    function showPolishLetters() {
        var layout = panel.keyboard.keyboardLayoutLoader.item
        if (!layout || panel.keyboard.locale !== "pl_PL")
            return
        var stack = [layout]
        while (stack.length > 0) {
            var item = stack.pop()
            var hint = item.alternativeKeys !== undefined ? panel.polishHints[item.text] : undefined
            if (hint !== undefined) {
                item.smallText = hint
                item.smallTextVisible = hint !== ""
            }
            for (var i = 0; i < item.children.length; ++i)
                stack.push(item.children[i])
        }
    }
    Connections {
        target: panel.keyboard.keyboardLayoutLoader
        function onItemChanged() { panel.showPolishLetters() }
    }

    // A capital where a sentence starts. Qt's auto-capitalisation never gives one in a web
    // form: QtWebEngine asks every text field for ImhPreferLowercase, and Qt then starts in
    // lower case. Here a multi-line field (a letter to the office, a description) starts
    // with a capital, and so does what follows ". ", "! " or "? " in it. Single-line fields
    // keep Qt's lower case: a login, an e-mail address or a code typed into a plain text
    // field must not gain a capital the visitor did not type. Never in a field that hides
    // or guards its text (passwords, ImhSensitiveData) or asked for no capitals.
    readonly property int noCapitals: Qt.ImhHiddenText | Qt.ImhSensitiveData | Qt.ImhNoAutoUppercase
                                      | Qt.ImhLowercaseOnly | Qt.ImhDigitsOnly | Qt.ImhFormattedNumbersOnly
                                      | Qt.ImhEmailCharactersOnly | Qt.ImhUrlCharactersOnly
                                      | Qt.ImhDialableCharactersOnly
    function capitaliseSentence() {
        var shift = InputContext.priv.shiftHandler
        var hints = InputContext.inputMethodHints
        if (!InputContext.priv.focus || shift.capsLockActive || shift.shiftActive || InputContext.preeditText !== "")
            return
        if (!(hints & Qt.ImhMultiLine) || (hints & panel.noCapitals))
            return
        var before = InputContext.surroundingText.substring(0, InputContext.cursorPosition)
        if (before.trim().length === 0 || /[.!?]\s+$/.test(before))
            shift.shiftActive = true
    }
    Connections {
        target: InputContext
        // After Qt's own shift handler has decided (it listens to the same changes).
        function onCursorPositionChanged() { Qt.callLater(panel.capitaliseSentence) }
        function onSurroundingTextChanged() { Qt.callLater(panel.capitaliseSentence) }
        function onInputMethodHintsChanged() { Qt.callLater(panel.capitaliseSentence) }
        function onInputItemChanged() { Qt.callLater(panel.capitaliseSentence) }
    }

    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["pl_PL", "en_GB", "uk_UA"]
        VirtualKeyboardSettings.locale = "pl_PL"
    }
}
