<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>stormproof::ChatView</name>
    <message numerus="yes">
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>Show %n earlier message</numerusform>
            <numerusform>Show %n earlier messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Asking again from here deletes the %n message(s) after this exchange. Go on?</source>
        <translation>
            <numerusform>Asking again from here deletes the %n message after this exchange. Go on?</numerusform>
            <numerusform>Asking again from here deletes the %n messages after this exchange. Go on?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Regenerating this answer deletes the %n message(s) after it; this answer is kept as an earlier version. Go on?</source>
        <translation>
            <numerusform>Regenerating this answer deletes the %n message after it; this answer is kept as an earlier version. Go on?</numerusform>
            <numerusform>Regenerating this answer deletes the %n messages after it; this answer is kept as an earlier version. Go on?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stormproof::MainWindow</name>
    <message numerus="yes">
        <source>%n reply(s) cut off when Stormproof last stopped were kept, marked as partial.</source>
        <translation>
            <numerusform>%n reply cut off when Stormproof last stopped was kept, marked as partial.</numerusform>
            <numerusform>%n replies cut off when Stormproof last stopped were kept, marked as partial.</numerusform>
        </translation>
    </message>
</context>
</TS>
