// Capitalised words and phrases that are not people: greetings, places, companies, calendar words.
// Single words go to the word lexicon; multi-word entries to the phrase list.

export const GREETINGS_AND_COMMON = `
olá, ola, oi, oie, hola, hi, hello, hey, dear, prezado, prezada, prezados, caro, cara, querido, querida,
estimado, estimada, bom, boa, buenos, buenas, good, morning, afternoon, evening, dia, tarde, noite, obrigado,
obrigada, gracias, thanks, thank, cheers, att, atenciosamente, abraço, abraços, saludos, saludo, cordialmente,
regards, best, sincerely, kind, bjs, beijos, tchau, adiós, adios, bye, ok, okay, sim, não, nao, sí, no, yes,
por, favor, please, pfv, pf, olá!, alô, alo, pronto, bueno, vale, perfeito, perfecto, perfect, great, ótimo,
otimo, genial, certo, claro, entendi, entiendo, understood, sorry, desculpa, desculpe, perdón, perdon, disculpa,
cliente, customer, atendente, agente, agent, suporte, soporte, support, equipe, equipo, team, protocolo,
pedido, order, ticket, nota, fatura, factura, invoice, boleto, pix, cpf, cnpj, cep, rg, cnh, dni, nie, nif,
iban, email, e-mail, whatsapp, telefone, teléfono, telefono, phone, celular, móvil, movil, mobile, senha,
contraseña, password, endereço, endereco, dirección, direccion, address, rua, avenida, calle, street, road,
quero, queria, gostaria, preciso, tenho, estou, está, esta, meu, minha, mi, mis, my, eu, yo, i, você, voce,
usted, you, ele, ela, él, el, la, he, she, we, they, nós, nosotros, vocês, ustedes, isso, isto, eso, esto,
this, that, the, a, o, os, as, um, uma, un, una, an, de, do, da, en, em, no, na, in, on, at, para, pra, to,
com, con, with, sem, sin, without, mas, pero, but, e, y, and, ou, o, or, se, si, if, quando, cuando, when,
como, how, por, que, qué, what, quem, quién, who, onde, dónde, where, hoje, hoy, today, amanhã, mañana,
tomorrow, ontem, ayer, yesterday, ainda, todavía, still, já, ya, already, também, también, also, mesmo,
mismo, same, aqui, aquí, here, ali, allí, there, agora, ahora, now, depois, después, after, antes, before,
nenhum, ninguno, none, todo, todos, all, cada, each, muito, mucho, much, very, pouco, poco, little, mais,
más, more, menos, less, segundo, segunda, terceiro, primeiro, primera, primero, first, second, third,
última, último, last, novo, nova, nuevo, nueva, new, velho, viejo, old, grande, big, pequeno, pequeño, small,
chegou, llegó, arrived, recebi, recibí, received, comprei, compré, bought, paguei, pagué, paid, enviei,
envié, sent, falei, hablé, spoke, liguei, llamé, called, fiz, hice, did, made, tentei, intenté, tried, aguardo,
espero, waiting, favor, nome, nombre, name, sobrenome, apellido, surname, data, fecha, date, valor, price,
preço, precio, total, produto, producto, product, loja, tienda, store, shop, empresa, company, banco, bank,
hospital, clínica, clinica, escola, escuela, school, universidade, universidad, university, igreja, iglesia,
church, shopping, centro, center, centre, norte, sul, sur, south, north, leste, este, east, oeste, west,
janeiro, fevereiro, março, marco, abril, maio, junho, julho, agosto, setembro, outubro, novembro, dezembro,
enero, febrero, marzo, mayo, junio, julio, septiembre, setiembre, octubre, noviembre, diciembre, january,
february, march, april, june, july, august, september, october, november, december, jan, feb, mar, apr, jun,
jul, aug, sep, sept, oct, nov, dec, segunda-feira, terça, terca, quarta, quinta, sexta, sábado, sabado,
domingo, lunes, martes, miércoles, miercoles, jueves, viernes, monday, tuesday, wednesday, thursday, friday,
saturday, sunday, natal, navidad, christmas, páscoa, pascua, easter, black, friday, cyber, monday, ps, obs,
nb, re, fw, fwd, assunto, asunto, subject, enviado, sent, from, de, para, to, cc, anexo, adjunto, attached,
sac, ouvidoria, procon, anpd, aepd, ico, lgpd, rgpd, gdpr, ceo, cto, dpo, ti, it, rh, hr, vip, premium, plus,
pro, max, mini, ultra, lite, app, site, web, online, android, ios, iphone, samsung, galaxy, xiaomi, motorola,
apple, google, microsoft, windows, chrome, wi-fi, wifi, internet, fibra, fibre, fiber, plano, plan, tarifa,
conta, cuenta, account, cartão, cartao, tarjeta, card, crédito, credito, credit, débito, debito, debit, saldo,
balance, extrato, extracto, statement, reembolso, refund, estorno, devolução, devolución, return, entrega,
delivery, frete, envío, envio, shipping, troca, cambio, exchange, garantia, garantía, warranty, assistência,
técnica, tecnica, technical, manual, modelo, model, série, serie, series, versão, versión, version, código,
codigo, code, número, numero, number, setor, sector, departamento, department, compras, vendas, ventas, sales,
financeiro, financiero, finance, comercial, diretoria, dirección, gerência, gerencia, logística, logistica,
jurídico, juridico, legal, marketing, recepção, recepcion, reception, portaria, qual, quanto, quanta, quantos,
segue, seguem, mudei, mandei, enviei, moro, vivo, live, dados, datos, data, sou, soy, tengo, tenho, estoy,
hice, quiero, necesito, puedo, podem, pode, poderia, podrían, podrian, could, can, cual, cuál, cuanto, cuánto,
sigue, adjunto, envio, gostaria, quisiera, bom, olá, aqui, acá, here, hola, favor, after, antes, nota,
care, accounts, rio, administración, administracion, administração, jehová, jehova, deus, dios, god, cristo, billing, helpdesk, service, services, feliz, happy, jaja, kkk, haha, tenta, tente, intenta, try,
sr, sra, dr, dra
`;

export const PLACES = `
brasil, brazil, portugal, españa, espana, spain, méxico, mexico, argentina, chile, colombia, peru, perú,
uruguay, uruguai, paraguay, paraguai, bolivia, venezuela, ecuador, cuba, eua, usa, estados, unidos, united,
states, kingdom, reino, unido, inglaterra, england, escócia, scotland, wales, ireland, irlanda, london, londres,
paris, berlin, lisboa, lisbon, porto, oporto, madrid, barcelona, valencia, sevilla, seville, zaragoza, málaga,
malaga, bilbao, granada, murcia, alicante, valladolid, vigo, gijón, gijon, coruña, coruna, córdoba, cordoba,
santander, pamplona, salamanca, toledo, cádiz, cadiz, palma, mallorca, ibiza, tenerife, canarias, galicia,
cataluña, catalunya, andalucía, andalucia, euskadi, asturias, navarra, aragón, aragon, braga, coimbra, faro,
aveiro, setúbal, setubal, amadora, sintra, cascais, algarve, madeira, açores, azores, fortaleza, curitiba, recife, manaus, belém, belem, goiânia, goiania,
campinas, florianópolis, florianopolis, maceió, maceio, teresina, londrina, niterói, niteroi,
osasco, uberlândia, uberlandia, brasília, brasilia, guarulhos, sorocaba, joinville, cuiabá, cuiaba, aracaju,
bahia, pernambuco, paraná, parana, goiás, goias, amazonas, ceará,
ceara, maranhão, pará, para, paraíba, alagoas, sergipe, piauí, tocantins, rondônia, roraima, amapá, acre,
copacabana, ipanema, leblon, tijuca, pinheiros, moema, mooca, lapa, savassi, pituba, boa, viagem, jardim,
vila, centro, bairro, springfield, austin, boston, seattle, miami, denver, chicago, portland, brooklyn,
manhattan, york, california, texas, florida, leeds, manchester, bristol, edinburgh, cardiff, glasgow,
brighton, liverpool, birmingham, oxford, cambridge, europa, europe, américa, america, latina, áfrica, africa,
ásia, asia, sp, rj, mg, ba, pr, rs, sc, pe, ce, go, df, es, am, pa, ma, mt, ms, pb, rn, al, se, pi, to, ro,
rr, ap, ac, ny, ca, tx, fl, il, wa, ma, co, or, uk
`;

export const COMPANIES = `
banco, itaú, itau, bradesco, nubank, inter, caixa, santander, bbva, caixabank, sabadell, bankinter, unicaja,
barclays, hsbc, lloyds, natwest, chase, citi, citibank, vivo, claro, tim, oi, nextel, movistar, telefónica,
telefonica, vodafone, orange, jazztel, yoigo, digi, verizon, comcast, at&t, sky, netflix, spotify, amazon,
apple, google, microsoft, meta, facebook, instagram, twitter, tiktok, shopee, shein, aliexpress, temu,
magalu, magazine, luiza, americanas, submarino, casas, bahia, ponto, frio, carrefour, extra, pão, açúcar,
renner, riachuelo, marisa, pernambucanas, c&a, zara, mango, primark, ikea, leroy, merlin, decathlon,
mercadona, lidl, aldi, tesco, sainsbury, asda, argos, boots, correios, correos, seur, mrw, dhl, fedex, ups,
ctt, royal, mail, ifood, rappi, uber, glovo, cabify, natura, boticário, boticario, avon, drogasil, raia,
drogaria, iberdrola, endesa, naturgy, repsol, renfe, iberia, vueling, latam, gol, azul, tap, ryanair,
easyjet, booking, airbnb, paypal, mercado, livre, libre, pago, picpay, cielo, getnet, rede, serasa,
unimed, amil, sulamérica, sulamerica, hapvida, bradesco, sanitas, adeslas, mapfre, allianz, axa, generali,
corte, inglés, ingles, mediamarkt, fnac, worten, pcc, carrefour, dia, eroski, continente, pingo, doce,
sigilo, telecom, eletro, ricardo eletro, sa, s.a, ltda, ltd, llc, inc, plc, gmbh, sl, s.l, me, eireli
`;

/** Multi-word names that look like people but are places, companies or institutions. */
export const NOT_PERSON_PHRASES = `
São Paulo, Sao Paulo, São José, São José dos Campos, Santa Catarina, Santa Clara, Santa Cruz, Santa Maria,
São Bento, São Luís, São Luis, São Vicente, San Sebastián, San Vicente, San Juan, Santa Fe, Santiago de
Compostela, Juiz de Fora, João Pessoa, Joao Pessoa, Espírito Santo, Rio de Janeiro, Rio Grande do Sul, Mato
Grosso, Belo Horizonte, Porto Alegre, Ribeirão Preto, Minas Gerais, Banco do Brasil, Caixa Econômica Federal, Magazine Luiza, Casas Bahia, Carolina Herrera, Massimo Dutti,
Pepe Jeans, Tommy Hilfiger, Ralph Lauren, John Lewis, Marks Spencer, Dr Martens, Ben Jerry, El Corte Inglés,
Leroy Merlin, Drogaria São Paulo, Ponto Frio, Mercado Livre, Mercado Libre, Royal Mail, British Gas, Santa
Cecília, Barra da Tijuca, Bela Vista, Vila Mariana, Vila Nova, Boa Viagem, Jardim América,
Nossa Senhora, Vitória da Conquista, Vitoria da Conquista, Corpus Christi, San Valentín, San Valentin, Santa Claus, Papai Noel, Dia das Mães, Día de la Madre, Semana Santa, Nossa Senhora Aparecida, Virgen María, Jesus Cristo, Jesucristo, Santa Casa, Albert Einstein, Sírio Libanês
`;
