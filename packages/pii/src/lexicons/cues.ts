// Context words. Recognizers look a few tokens back from a candidate for these.

/** Street types that come before the street name (pt, es) — "Rua", "Av.", "Calle", "C/". */
export const STREET_TYPES = `
rua, r, avenida, av, avda, avd, alameda, al, travessa, tv, trav, rodovia, rod, estrada, estr, praça, praca,
pça, largo, viela, beco, ladeira, servidão, calle, c, cl, plaza, pza, pl, paseo, pº, carrer, passeig, camino,
ronda, carretera, ctra, vía, via, travesía, travesia, glorieta, rúa, urbanización, urb, bulevar
`;

/** Street types that come after the name (en) — "Baker Street", "Main St". */
export const STREET_SUFFIXES = `
street, st, road, rd, avenue, ave, av, lane, ln, drive, dr, boulevard, blvd, way, court, ct, place, pl, close,
terrace, crescent, square, sq, grove, gardens, hill, row, mews, parkway, pkwy, highway, hwy
`;

/** Words that continue an address after the number: apartment, floor, block… */
export const ADDRESS_COMPLEMENTS = `
apto, apt, ap, apartamento, apartment, bloco, bl, casa, fundos, sala, cj, conjunto, andar, lote, quadra, qd,
lt, km, piso, puerta, pta, escalera, esc, portal, bajo, ático, atico, entresuelo, izq, izquierda, dcha, dch,
derecha, esq, dto, frente, rc, flat, unit, suite, ste, floor, fl, building, bldg, house, nº, n, no, num,
número, numero
`;

export const PHONE_CUES = `
telefone, tel, fone, celular, cel, whatsapp, whats, zap, wpp, contato, ligar, ligue, liga, número, numero,
teléfono, telefono, móvil, movil, llamar, llámame, llamame, phone, mobile, cell, call, text, número, fijo,
landline, ramal, extensão
`;

export const CPF_CUES = `cpf, titular`;
export const CNPJ_CUES = `cnpj`;
export const CEP_CUES = `cep, código postal, postal`;
export const CNH_CUES = `cnh, habilitação, habilitacao, carteira de motorista, registro, motorista, carteira`;
export const NIF_CUES = `nif, contribuinte, fiscal, nipc`;
export const PIX_CUES = `pix, chave, aleatória, aleatoria`;
export const CARD_CUES = `cartão, cartao, tarjeta, card, visa, mastercard, amex, elo, hipercard, crédito, credito, débito, debito`;
export const IBAN_CUES = `iban, conta, cuenta, account, transferência, transferencia, bank`;

/** Cues that say a number is not personal: order, protocol, invoice, tracking, product codes. */
export const NOT_PII_NUMBER_CUES = `
pedido, pedidos, order, orden, protocolo, protocol, ticket, chamado, incidencia, incidente, caso, case,
nota, nf, nfe, fatura, factura, invoice, boleto, código, codigo, code, rastreio, rastreamento, tracking,
seguimiento, envío, envio, sku, ref, referência, referencia, reference, modelo, model, serial, série, serie,
lote, batch, versão, version, versión, build, release, error, erro, reserva, booking, localizador,
confirmação, confirmacion, confirmation, cupom, cupón, cupon, coupon, voucher, parcela, cuota, installment,
barras, barcode, ean, chave de acesso, transação, transacción, transaction, id, nsu, autorização, autorizacion,
authorization, matrícula, matricula, contrato, contract, apólice, apolice, póliza, poliza, policy, sinistro,
siniestro, claim, número de serie, imei
`;

/** "born" cues: a date right after these is a date of birth. */
export const BIRTH_CUES = `
nasci, nasceu, nascido, nascida, nascimento, nasc, dn, nacimiento, nací, naci, nació, nacio, nacido, nacida,
born, dob, birth, birthday, birthdate, aniversário, aniversario, cumpleaños, cumpleanos, f.nac, fnac, d.o.b
`;

/** Credential cues: the token after these (and a few filler words) is a secret. */
export const PASSWORD_CUES = `
senha, password, passwd, pwd, pass, contraseña, contrasena, clave, passcode, pin, senhas
`;

/** Filler words allowed between a credential cue and the secret ("minha senha nova é: …"). */
export const PASSWORD_FILLERS = `
é, e, eh, es, is, was, era, foi, fue, será, sera, será, =, :, agora, ahora, now, atual, actual, current, nova,
novo, nueva, nuevo, new, antiga, antigo, antigua, old, provisória, provisoria, temporária, temporaria,
temporal, temporary, do, da, de, del, la, el, the, my, mi, minha, meu, a, o, to, para, pra, app, site, conta,
cuenta, account, login, acesso, acceso, wifi, wi-fi, banco, é:, que, coloquei, puse, set, usei, usé, used,
changed, mudei, troquei, cambié, cambie, mudé, i, eu, yo, it, isso, era, me, te, disteis, diste, dio, dieron,
passaram, passou, deram, mandaram, enviaram, gave, sent, you, vocês, voces, ustedes, nos, us, habéis, puesto
`;

/** Words that after a credential cue show it is not followed by a secret. */
export const PASSWORD_NEGATIVES = `
não, nao, no, not, nunca, never, errada, errado, incorreta, incorrecta, incorrect, wrong, inválida, invalida,
invalid, expirou, expirada, expired, bloqueada, bloqueado, blocked, locked, funciona, works, working,
esqueci, olvidé, olvide, forgot, forgotten, reset, resetar, redefinir, restablecer, recuperar, recover,
cambiar, change, trocar, mudar, alterar, nova?, segura, secure, forte, strong, fraca, weak, caracteres,
characters, letras, letters, números, numbers, campo, field, tela, pantalla, screen, link, enlace, email,
e-mail, correo, sms, código, codigo, code, mesma, same, misma, diferente, different, certa, correcta,
correct, igual, padrão, default, vazia, empty, longa, long, curta, short
`;

/** Cues that introduce a person's name. Multi-word; matched as phrases. */
export const PERSON_CUE_PHRASES = `
falando com, está falando com, esta falando com, fala com, hablando con, habla con, speaking with, speaking to, meu nome é, meu nome e, me chamo, aqui é, aqui e, aquí es, le habla, te habla, soy, sou, sou o, sou a, i'm, it's, eu sou o, eu sou a, sou o, sou a, aqui é o, aqui é a, aqui quem fala é,
falei com, falei com o, falei com a, falei com o atendente, falei com a atendente, atendido por, atendida por,
atendente, o atendente, a atendente, consultor, consultora, o titular é, titular, em nome de, nome completo,
nome, mi nombre es, me llamo, soy, habla, hablé con, hable con, atendido por, atendida por, el titular es,
a nombre de, nombre completo, nombre, my name is, i am, this is, i spoke to, i spoke with, spoke to, spoke
with, talked to, handled by, account holder, full name, name, cliente, customer, paciente, patient, esposa,
marido, esposo, mulher, wife, husband, filho, filha, hijo, hija, son, daughter, mãe, madre, mother, pai,
padre, father, irmão, irmã, hermano, hermana, brother, sister, sogra, suegra, colega, chefe, jefe, boss,
gerente, manager, técnico, tecnico, technician, motoboy, entregador, repartidor, courier, vizinho, vecino,
neighbour, neighbor, senhor, senhora, señor, señora, dona, seu, sr, sra, mr, mrs, ms, dr, dra,
titularidade para, titularidade pra, quem vai receber é, quem vai receber é o, quem vai receber é a, quem vai buscar é,
le atiende, te atiende, me atendió, me atendio, lo recoge, la recoge, una tal, un tal, uma tal, um tal,
titular de la línea es, titular de la linea es, titular de la cuenta es, a nombre de, en nombre de,
through to, you're through to, tenant is, the tenant is, account is under, under the name, in the name of,
replacement to, send it to, deliver it to, addressed to, contact my wife, contact my husband, hermana, hermano
`;

/** Sign-offs: a capitalised name on the next line (or after the comma) is the sender. */
export const SIGNOFFS = `
att, atte, atenciosamente, abraço, abraços, abs, obrigado, obrigada, grato, grata, cumprimentos,
saludos, saludos cordiales, un saludo, atentamente, cordialmente, gracias, muchas gracias, regards, best
regards, kind regards, best, thanks, thank you, many thanks, cheers, sincerely, yours sincerely, yours
faithfully, bjs, beijos, un abrazo
`;

/** Words of a question that asks who is speaking or whose name it is; the next turn answers with a name. */
export const NAME_QUESTION_CUES = `
quem, falo, nome, chama, titular, quién, quien, hablo, nombre, llama, who, speaking, name
`;

/** E-mail addresses spelled out in speech: "ana ponto silva arroba gmail ponto com". */
export const SPELLED_EMAIL_WORDS = `arroba, at, ponto, punto, dot`;
